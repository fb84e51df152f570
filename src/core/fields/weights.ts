// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out:
// *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%))
// *-q* scorer 31/33 (93.9%) vs rules 26/33 (78.8%) (extended 32/33 (97.0%))
// *-t* scorer 33/33 (100.0%) vs rules 29/33 (87.9%) (extended 32/33 (97.0%))
// *-u* scorer 33/33 (100.0%) vs rules 30/33 (90.9%) (extended 33/33 (100.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -1.055,
    src_label: 0.885,
    src_prose: 1.591,
    src_prose_role: 1.505,
    src_prose_place: 1.125,
    src_prose_case_blind: 0.857,
    src_signature: 0.948,
    src_block: 0.119,
    src_block_role: -0.637,
    src_legal_form: -0.462,
    src_from: -0.694,
    src_subject: -0.793,
    src_disclaimer: 0,
    sources: 1.831,
    rule_choice: 2.732,
    legal_form: -0.534,
    org_word: 1.697,
    acronym: -0.829,
    role_first: 0,
    role_only: 0,
    capitalised: 0.406,
    all_caps: -0.332,
    all_lower: -1.122,
    words: 0.426,
    one_word: -2.319,
    long: 0.47,
    person_name: 0.543,
    same_as_sender_name: 0.031,
    spells_domain: 1.029,
    signature_line: -0.945,
    extends_candidate: -2.054,
  },
  threshold: 0.25,
};
