// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out: *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%));
// *-q* scorer 32/33 (97.0%) vs rules 24/33 (72.7%) (extended 32/33 (97.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: 0.155,
    src_label: 1.125,
    src_prose: 1.295,
    src_prose_role: 1.362,
    src_prose_place: 1.262,
    src_prose_case_blind: 0.673,
    src_signature: 1.323,
    src_block: -0.56,
    src_block_role: -0.144,
    src_legal_form: -0.253,
    src_from: -1.554,
    sources: 1.452,
    rule_choice: 3.112,
    legal_form: -1.052,
    org_word: 0.628,
    acronym: 0.781,
    role_first: -0.294,
    role_only: 0,
    capitalised: -0.481,
    all_caps: 0.765,
    all_lower: -0.899,
    words: 0.57,
    one_word: 0,
    long: 0.59,
    person_name: 1.399,
    same_as_sender_name: -1.365,
    spells_domain: 1.492,
    signature_line: -1.13,
    extends_candidate: -2.349,
  },
  threshold: 0.25,
};
