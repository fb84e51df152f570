// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out: *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%));
// *-q* scorer 32/33 (97.0%) vs rules 25/33 (75.8%) (extended 32/33 (97.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.008,
    src_label: 1.151,
    src_prose: 1.311,
    src_prose_role: 1.54,
    src_prose_place: 1.361,
    src_prose_case_blind: 0.825,
    src_signature: 1.334,
    src_block: -0.485,
    src_block_role: -0.921,
    src_legal_form: -0.264,
    src_from: -1.496,
    sources: 1.447,
    rule_choice: 3.124,
    legal_form: -0.889,
    org_word: 0.52,
    acronym: 0.806,
    role_first: -0.277,
    role_only: 0,
    capitalised: -0.39,
    all_caps: 0.808,
    all_lower: -0.782,
    words: 0.487,
    one_word: 0,
    long: 0.615,
    person_name: 1.379,
    same_as_sender_name: -1.32,
    spells_domain: 1.5,
    signature_line: -0.947,
    extends_candidate: -2.301,
  },
  threshold: 0.25,
};
