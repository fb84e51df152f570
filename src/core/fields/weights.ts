// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out: *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%));
// *-q* scorer 32/33 (97.0%) vs rules 24/33 (72.7%) (extended 32/33 (97.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.165,
    src_label: 1.027,
    src_prose: 1.206,
    src_prose_role: 1.421,
    src_prose_place: 1.379,
    src_prose_case_blind: 1.06,
    src_signature: 1.353,
    src_block: -0.915,
    src_block_role: -0.028,
    src_legal_form: -0.119,
    src_from: -1.736,
    sources: 1.599,
    rule_choice: 3.37,
    legal_form: -1,
    org_word: 0.674,
    acronym: 1.091,
    role_first: -0.244,
    role_only: 0,
    capitalised: -0.479,
    all_caps: 0.811,
    all_lower: -0.459,
    words: 0.623,
    one_word: 0,
    long: 0.402,
    person_name: 1.685,
    same_as_sender_name: -1.157,
    spells_domain: 1.343,
    signature_line: -1.142,
    extends_candidate: -1.701,
  },
  threshold: 0.2,
};
