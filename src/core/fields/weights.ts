// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out:
// *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%))
// *-q* scorer 32/33 (97.0%) vs rules 25/33 (75.8%) (extended 32/33 (97.0%))
// *-t* scorer 33/33 (100.0%) vs rules 28/33 (84.8%) (extended 32/33 (97.0%))
// *-u* scorer 33/33 (100.0%) vs rules 29/33 (87.9%) (extended 33/33 (100.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.502,
    src_label: 1.031,
    src_prose: 1.321,
    src_prose_role: 1.452,
    src_prose_place: 1.242,
    src_prose_case_blind: 0.646,
    src_signature: 1.139,
    src_block: 0.489,
    src_block_role: -0.65,
    src_legal_form: -0.416,
    src_from: -1.432,
    src_subject: -0.843,
    sources: 1.487,
    rule_choice: 3.024,
    legal_form: -0.558,
    org_word: 1.555,
    acronym: -0.182,
    role_first: -0.25,
    role_only: 0,
    capitalised: -0.352,
    all_caps: -0.408,
    all_lower: -0.806,
    words: 0.021,
    one_word: -0.831,
    long: 0.515,
    person_name: 0.52,
    same_as_sender_name: -1.43,
    spells_domain: 1.474,
    signature_line: -1.087,
    extends_candidate: -2.25,
  },
  threshold: 0.15,
};
