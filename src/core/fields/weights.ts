// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out: *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%));
// *-q* scorer 32/33 (97.0%) vs rules 24/33 (72.7%) (extended 32/33 (97.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.158,
    src_label: 1.009,
    src_prose: 1.205,
    src_prose_role: 1.423,
    src_prose_place: 1.382,
    src_prose_case_blind: 1.06,
    src_signature: 1.361,
    src_block: -0.922,
    src_block_role: -0.026,
    src_legal_form: -0.114,
    src_from: -1.728,
    sources: 1.597,
    rule_choice: 3.365,
    legal_form: -0.999,
    org_word: 0.656,
    acronym: 1.099,
    role_first: -0.242,
    role_only: 0,
    capitalised: -0.486,
    all_caps: 0.815,
    all_lower: -0.456,
    words: 0.634,
    one_word: 0,
    long: 0.401,
    person_name: 1.714,
    same_as_sender_name: -1.164,
    spells_domain: 1.339,
    signature_line: -1.146,
    extends_candidate: -1.699,
  },
  threshold: 0.2,
};
