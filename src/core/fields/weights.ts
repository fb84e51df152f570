// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out: *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%));
// *-q* scorer 32/33 (97.0%) vs rules 24/33 (72.7%) (extended 32/33 (97.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.494,
    src_label: 0.989,
    src_prose: 1.283,
    src_prose_role: 1.187,
    src_prose_place: 1.439,
    src_prose_case_blind: 1.106,
    src_signature: 1.434,
    src_block: -0.97,
    src_block_role: 0.271,
    src_legal_form: -0.296,
    src_from: -1.669,
    sources: 1.751,
    rule_choice: 3.395,
    legal_form: -0.653,
    org_word: 0.83,
    acronym: 1.272,
    role_first: -0.514,
    role_only: 0,
    capitalised: -0.499,
    all_caps: 0.776,
    all_lower: -0.441,
    words: 0.783,
    one_word: -0.478,
    long: 0.385,
    person_name: 1.847,
    same_as_sender_name: -1.007,
    spells_domain: 1.29,
    signature_line: -1.901,
    extends_candidate: -1.751,
  },
  threshold: 0.2,
};
