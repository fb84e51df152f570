// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out: *-p* scorer 32/33 (97.0%) vs rules 24/33 (72.7%) (extended 32/33 (97.0%));
// *-q* scorer 32/33 (97.0%) vs rules 24/33 (72.7%) (extended 32/33 (97.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.563,
    src_label: 0.968,
    src_prose: 1.259,
    src_prose_role: 1.192,
    src_prose_place: 1.383,
    src_prose_case_blind: 1.086,
    src_signature: 1.433,
    src_block: -0.996,
    src_block_role: 0.242,
    src_legal_form: -0.324,
    src_from: -1.466,
    sources: 1.775,
    rule_choice: 3.381,
    legal_form: -0.675,
    org_word: 0.908,
    acronym: 1.056,
    role_first: -0.492,
    role_only: 0,
    capitalised: -0.497,
    all_caps: 0.16,
    all_lower: -0.456,
    words: 0.946,
    one_word: -0.47,
    long: 0.354,
    person_name: 1.982,
    same_as_sender_name: -1.469,
    spells_domain: 1.398,
    signature_line: -1.882,
    extends_candidate: -1.832,
  },
  threshold: 0.15,
};
