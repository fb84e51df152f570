// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out: *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%));
// *-q* scorer 32/33 (97.0%) vs rules 24/33 (72.7%) (extended 32/33 (97.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.227,
    src_label: 1.034,
    src_prose: 1.221,
    src_prose_role: 1.389,
    src_prose_place: 1.335,
    src_prose_case_blind: 0.76,
    src_signature: 1.461,
    src_block: -0.886,
    src_block_role: -0.048,
    src_legal_form: -0.154,
    src_from: -1.645,
    sources: 1.56,
    rule_choice: 3.311,
    legal_form: -0.922,
    org_word: 0.773,
    acronym: 1.049,
    role_first: -0.272,
    role_only: 0,
    capitalised: -0.434,
    all_caps: 0.815,
    all_lower: -0.814,
    words: 0.589,
    one_word: 0,
    long: 0.599,
    person_name: 1.58,
    same_as_sender_name: -1.142,
    spells_domain: 1.52,
    signature_line: -1.111,
    extends_candidate: -2.283,
  },
  threshold: 0.2,
};
