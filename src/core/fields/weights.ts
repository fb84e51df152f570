// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out:
// *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%))
// *-q* scorer 31/33 (93.9%) vs rules 26/33 (78.8%) (extended 32/33 (97.0%))
// *-t* scorer 33/33 (100.0%) vs rules 29/33 (87.9%) (extended 32/33 (97.0%))
// *-u* scorer 33/33 (100.0%) vs rules 30/33 (90.9%) (extended 33/33 (100.0%))
// *-v* scorer 33/33 (100.0%) vs rules 23/33 (69.7%) (extended 28/33 (84.8%))
// *-w* scorer 32/33 (97.0%) vs rules 23/33 (69.7%) (extended 25/33 (75.8%))
// *-x* scorer 28/30 (93.3%) vs rules 23/30 (76.7%) (extended 26/30 (86.7%))
// *-y* scorer 27/30 (90.0%) vs rules 23/30 (76.7%) (extended 27/30 (90.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.925,
    src_label: 0.768,
    src_prose: 1.628,
    src_prose_role: 1.083,
    src_prose_place: 0.952,
    src_prose_case_blind: 0.947,
    src_signature: 0.893,
    src_block: -0.074,
    src_block_role: -0.476,
    src_legal_form: -0.857,
    src_from: -0.751,
    src_subject: -0.424,
    src_disclaimer: 0.83,
    sources: 1.812,
    rule_choice: 2.942,
    legal_form: -0.136,
    org_word: 1.642,
    acronym: -0.527,
    role_first: -0.184,
    role_only: 0,
    capitalised: 0.165,
    all_caps: -0.391,
    all_lower: -1.18,
    words: 0.132,
    one_word: -2.336,
    long: 0.57,
    person_name: 0.403,
    same_as_sender_name: 0.054,
    spells_domain: 1.411,
    signature_line: -0.776,
    extends_candidate: -2.09,
  },
  threshold: 0.25,
};
