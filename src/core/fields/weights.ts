// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out:
// *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%))
// *-q* scorer 32/33 (97.0%) vs rules 25/33 (75.8%) (extended 32/33 (97.0%))
// *-t* scorer 32/33 (97.0%) vs rules 29/33 (87.9%) (extended 32/33 (97.0%))
// *-u* scorer 33/33 (100.0%) vs rules 30/33 (90.9%) (extended 33/33 (100.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  "weights": {
    "bias": -0.63,
    "src_label": 0.984,
    "src_prose": 1.286,
    "src_prose_role": 1.52,
    "src_prose_place": 1.348,
    "src_prose_case_blind": 0.892,
    "src_signature": 1.542,
    "src_block": -0.119,
    "src_block_role": -0.578,
    "src_legal_form": -0.309,
    "src_from": -1.675,
    "src_subject": -0.815,
    "sources": 1.564,
    "rule_choice": 3.032,
    "legal_form": -0.504,
    "org_word": 1.24,
    "acronym": 0.169,
    "role_first": 0,
    "role_only": 0,
    "capitalised": -0.354,
    "all_caps": -0.456,
    "all_lower": -0.7,
    "words": 0.323,
    "one_word": -1.009,
    "long": 0.48,
    "person_name": 0.316,
    "same_as_sender_name": -0.844,
    "spells_domain": 1.716,
    "signature_line": -1.119,
    "extends_candidate": -2.6
  },
  "threshold": 0.2
};
