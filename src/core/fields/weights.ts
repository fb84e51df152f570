// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out: *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%));
// *-q* scorer 32/33 (97.0%) vs rules 24/33 (72.7%) (extended 32/33 (97.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: 0.154,
    src_label: 1.125,
    src_prose: 1.297,
    src_prose_role: 1.362,
    src_prose_place: 1.264,
    src_prose_case_blind: 0.674,
    src_signature: 1.323,
    src_block: -0.558,
    src_block_role: -0.142,
    src_legal_form: -0.254,
    src_from: -1.559,
    sources: 1.453,
    rule_choice: 3.113,
    legal_form: -1.054,
    org_word: 0.631,
    acronym: 0.777,
    role_first: -0.295,
    role_only: 0,
    capitalised: -0.479,
    all_caps: 0.764,
    all_lower: -0.9,
    words: 0.566,
    one_word: 0,
    long: 0.59,
    person_name: 1.379,
    same_as_sender_name: -1.361,
    spells_domain: 1.496,
    signature_line: -1.13,
    extends_candidate: -2.35,
  },
  threshold: 0.25,
};
