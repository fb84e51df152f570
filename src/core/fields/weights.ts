// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out: *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%));
// *-q* scorer 32/33 (97.0%) vs rules 24/33 (72.7%) (extended 32/33 (97.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: 0.14,
    src_label: 1.093,
    src_prose: 1.276,
    src_prose_role: 1.37,
    src_prose_place: 1.279,
    src_prose_case_blind: 0.669,
    src_signature: 1.192,
    src_block: -0.443,
    src_block_role: -0.129,
    src_legal_form: -0.217,
    src_from: -1.597,
    sources: 1.445,
    rule_choice: 3.187,
    legal_form: -1.029,
    org_word: 0.626,
    acronym: 0.774,
    role_first: -0.264,
    role_only: 0,
    capitalised: -0.498,
    all_caps: 0.757,
    all_lower: -0.865,
    words: 0.536,
    one_word: 0,
    long: 0.591,
    person_name: 1.405,
    same_as_sender_name: -1.41,
    spells_domain: 1.474,
    signature_line: -1.122,
    extends_candidate: -2.333,
  },
  threshold: 0.25,
};
