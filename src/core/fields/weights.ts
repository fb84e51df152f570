// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out:
// *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 33/33 (100.0%))
// *-q* scorer 32/33 (97.0%) vs rules 25/33 (75.8%) (extended 32/33 (97.0%))
// *-t* scorer 32/33 (97.0%) vs rules 28/33 (84.8%) (extended 32/33 (97.0%))
// *-u* scorer 33/33 (100.0%) vs rules 29/33 (87.9%) (extended 33/33 (100.0%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.347,
    src_label: 1.021,
    src_prose: 1.28,
    src_prose_role: 1.371,
    src_prose_place: 1.132,
    src_prose_case_blind: 0.419,
    src_signature: 1.137,
    src_block: 0.317,
    src_block_role: -0.689,
    src_legal_form: -0.415,
    src_from: -1.235,
    sources: 1.556,
    rule_choice: 3.023,
    legal_form: -0.539,
    org_word: 1.309,
    acronym: 0.131,
    role_first: -0.241,
    role_only: 0,
    capitalised: -0.327,
    all_caps: 0.301,
    all_lower: -0.561,
    words: -0.041,
    one_word: -0.675,
    long: 0.56,
    person_name: 1.339,
    same_as_sender_name: -1.634,
    spells_domain: 1.399,
    signature_line: -1.189,
    extends_candidate: -2.194,
  },
  threshold: 0.15,
};
