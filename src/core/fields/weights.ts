// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out:
// *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%))
// *-q* scorer 31/33 (93.9%) vs rules 25/33 (75.8%) (extended 32/33 (97.0%))
// *-t* scorer 33/33 (100.0%) vs rules 29/33 (87.9%) (extended 32/33 (97.0%))
// *-u* scorer 33/33 (100.0%) vs rules 30/33 (90.9%) (extended 33/33 (100.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -1.022,
    src_label: 0.839,
    src_prose: 1.573,
    src_prose_role: 1.444,
    src_prose_place: 1.17,
    src_prose_case_blind: 0.831,
    src_signature: 1.239,
    src_block: 0.14,
    src_block_role: -0.599,
    src_legal_form: -0.461,
    src_from: -0.763,
    src_subject: -0.884,
    sources: 1.848,
    rule_choice: 2.935,
    legal_form: -0.572,
    org_word: 1.734,
    acronym: -0.434,
    role_first: 0,
    role_only: 0,
    capitalised: 0.336,
    all_caps: -0.582,
    all_lower: -1.101,
    words: 0.289,
    one_word: -1.449,
    long: 0.492,
    person_name: 0.549,
    same_as_sender_name: 0.035,
    spells_domain: 0.986,
    signature_line: -1.014,
    extends_candidate: -2.072,
  },
  threshold: 0.35,
};
