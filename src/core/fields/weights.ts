// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out:
// *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%))
// *-q* scorer 32/33 (97.0%) vs rules 25/33 (75.8%) (extended 32/33 (97.0%))
// *-t* scorer 33/33 (100.0%) vs rules 29/33 (87.9%) (extended 32/33 (97.0%))
// *-u* scorer 33/33 (100.0%) vs rules 30/33 (90.9%) (extended 33/33 (100.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  "weights": {
    "bias": -0.707,
    "src_label": 0.971,
    "src_prose": 1.276,
    "src_prose_role": 1.535,
    "src_prose_place": 1.361,
    "src_prose_case_blind": 0.909,
    "src_signature": 1.598,
    "src_block": -0.203,
    "src_block_role": -0.576,
    "src_legal_form": -0.289,
    "src_from": -1.712,
    "src_subject": -0.803,
    "sources": 1.587,
    "rule_choice": 3.062,
    "legal_form": -0.474,
    "org_word": 1.284,
    "acronym": 0.233,
    "role_first": 0,
    "role_only": 0,
    "capitalised": -0.351,
    "all_caps": -0.455,
    "all_lower": -0.678,
    "words": 0.299,
    "one_word": -0.982,
    "long": 0.485,
    "person_name": 0.332,
    "same_as_sender_name": -0.798,
    "spells_domain": 1.774,
    "signature_line": -1.106,
    "extends_candidate": -2.6
  },
  "threshold": 0.2
};
