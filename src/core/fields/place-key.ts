// How a place name and a candidate are compared: folded (case, accents, typographic apostrophes), every run of other
// characters one blank ("Sint-Niklaas" = "sint niklaas", "Braine-l'Alleud" = "braine l alleud").

import { fold } from '../text-tools.ts';

export function placeKey(name: string): string {
  return fold(name)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
