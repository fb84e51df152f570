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
// *-y* scorer 27/30 (90.0%) vs rules 23/30 (76.7%) (extended 26/30 (86.7%))
// *-z* scorer 30/30 (100.0%) vs rules 24/30 (80.0%) (extended 28/30 (93.3%))
// *-j* scorer 24/24 (100.0%) vs rules 18/24 (75.0%) (extended 22/24 (91.7%)).
import type { Weights } from './org-candidates.ts';

/** 'scorer': the fitted scorer picks among the candidates; 'rules': the ordered rules do. */
export const ORG_CHOOSER: 'scorer' | 'rules' = 'scorer';

export const ORG_MODEL: Weights = {
  weights: {
    bias: -0.876,
    src_label: 0.911,
    src_prose: 1.671,
    src_prose_role: 0.793,
    src_prose_place: 0.98,
    src_prose_case_blind: 1.176,
    src_signature: 0.475,
    src_block: 0.5,
    src_block_role: -0.028,
    src_legal_form: -0.643,
    src_from: 0.167,
    src_subject: 0.02,
    src_disclaimer: 0.761,
    src_prose_span: 0.579,
    after_affiliation: 0.011,
    sources: 2.742,
    rule_choice: 2.888,
    legal_form: -0.773,
    org_word: 0.896,
    acronym: -0.961,
    role_first: -1.127,
    role_only: 0,
    capitalised: 0.49,
    all_caps: -0.848,
    all_lower: -0.984,
    words: 0.263,
    one_word: -2.648,
    long: 0.307,
    person_name: 0.434,
    same_as_sender_name: -0.619,
    spells_domain: 0.817,
    signature_line: -0.878,
    extends_candidate: -1.662,
  },
  threshold: 0.25,
};
