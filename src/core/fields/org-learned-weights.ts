// Written by scripts/org-compare.ts --write (do not edit by hand).
import type { OrgLearnedModel } from './org-learned.ts';

export const ORG_LEARNED: OrgLearnedModel = { bias: 0, weights: {}, threshold: 1, combination: 'off' };
