// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out:
// *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%))
// *-q* scorer 32/33 (97.0%) vs rules 25/33 (75.8%) (extended 32/33 (97.0%))
// *-t* scorer 33/33 (100.0%) vs rules 29/33 (87.9%) (extended 32/33 (97.0%))
// *-u* scorer 33/33 (100.0%) vs rules 30/33 (90.9%) (extended 33/33 (100.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.676,
    src_label: 0.98,
    src_prose: 1.288,
    src_prose_role: 1.509,
    src_prose_place: 1.309,
    src_prose_case_blind: 0.884,
    src_signature: 1.529,
    src_block: -0.069,
    src_block_role: -0.573,
    src_legal_form: -0.322,
    src_from: -1.599,
    src_subject: -0.834,
    sources: 1.588,
    rule_choice: 3.028,
    legal_form: -0.468,
    org_word: 1.428,
    acronym: 0.083,
    role_first: -0.226,
    role_only: 0,
    capitalised: -0.321,
    all_caps: -0.386,
    all_lower: -0.628,
    words: 0.052,
    one_word: -0.789,
    long: 0.491,
    person_name: 0.452,
    same_as_sender_name: -1.207,
    spells_domain: 1.762,
    signature_line: -1.129,
    extends_candidate: -2.645,
  },
  threshold: 0.15,
};
