// Written by scripts/fit-reader.ts (do not edit by hand): the organisation scorer's weights,
// fitted by logistic regression on the labelled mail, and how the organisation is chosen.
// Leave one batch out:
// *-p* scorer 33/33 (100.0%) vs rules 25/33 (75.8%) (extended 32/33 (97.0%))
// *-q* scorer 32/33 (97.0%) vs rules 26/33 (78.8%) (extended 32/33 (97.0%))
// *-t* scorer 33/33 (100.0%) vs rules 29/33 (87.9%) (extended 30/33 (90.9%))
// *-u* scorer 33/33 (100.0%) vs rules 30/33 (90.9%) (extended 33/33 (100.0%))
// *-v* scorer 33/33 (100.0%) vs rules 23/33 (69.7%) (extended 27/33 (81.8%))
// *-w* scorer 32/33 (97.0%) vs rules 23/33 (69.7%) (extended 25/33 (75.8%))
// *-x* scorer 28/30 (93.3%) vs rules 23/30 (76.7%) (extended 25/30 (83.3%))
// *-y* scorer 27/30 (90.0%) vs rules 23/30 (76.7%) (extended 26/30 (86.7%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.9,
    src_label: 0.932,
    src_prose: 1.777,
    src_prose_role: 0.875,
    src_prose_place: 1.06,
    src_prose_case_blind: 1.206,
    src_signature: 0.66,
    src_block: 0.14,
    src_block_role: -0.026,
    src_legal_form: -0.654,
    src_from: 0.144,
    src_subject: 0.101,
    src_disclaimer: 0.868,
    src_prose_span: 0.755,
    after_affiliation: -0.07,
    sources: 2.909,
    rule_choice: 2.936,
    legal_form: -0.639,
    org_word: 1.18,
    acronym: -0.698,
    role_first: -1.145,
    role_only: 0,
    capitalised: 0.275,
    all_caps: -0.82,
    all_lower: -0.976,
    words: -0.348,
    one_word: -2.539,
    long: 0.452,
    person_name: 0.552,
    same_as_sender_name: -0.436,
    spells_domain: 0.912,
    signature_line: -0.833,
    extends_candidate: -1.537,
  },
  threshold: 0.15,
};
