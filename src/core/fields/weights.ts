// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out: *-p* scorer 32/33 (97.0%) vs rules 24/33 (72.7%) (extended 32/33 (97.0%));
// *-q* scorer 32/33 (97.0%) vs rules 24/33 (72.7%) (extended 32/33 (97.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.566,
    src_label: 0.967,
    src_prose: 1.261,
    src_prose_role: 1.196,
    src_prose_place: 1.384,
    src_prose_case_blind: 1.066,
    src_signature: 1.424,
    src_block: -0.972,
    src_block_role: 0.243,
    src_legal_form: -0.317,
    src_from: -1.525,
    sources: 1.759,
    rule_choice: 3.376,
    legal_form: -0.668,
    org_word: 0.921,
    acronym: 1.059,
    role_first: -0.551,
    role_only: -0.199,
    capitalised: -0.515,
    all_caps: 0.167,
    all_lower: -0.433,
    words: 0.928,
    one_word: -0.465,
    long: 0.35,
    person_name: 1.98,
    same_as_sender_name: -1.489,
    spells_domain: 1.409,
    signature_line: -1.86,
    extends_candidate: -1.823,
  },
  threshold: 0.15,
};
