import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { placeKeys, placesModule } from '../../scripts/build-places.ts';
import { extractFields } from '../../src/core/extract-fields.ts';
import { isPlaceName } from '../../src/core/fields/places.ts';

const sender = (name: string, address: string) => ({ name, address });
const fields = (text: string, from = sender('Jean Dupont', 'jean.dupont@gmail.com')) => extractFields(text, from).fields;
const ask = {
  fr: "Bonjour,\n\nMon téléphone est tombé dans l'eau et l'application d'authentification est perdue. Pouvez-vous réinitialiser la 2FA de mon compte ?",
  nl: 'Hallo,\n\nMijn gsm is in de wasmachine gedraaid en de authenticator-app is weg. Kunnen jullie de 2FA van mijn account resetten?',
  en: 'Hello,\n\nMy phone was stolen on the train and the authenticator app went with it. Could you reset the 2FA on my account?',
};

test('the place names are written from the pinned GeoNames package, never by hand', async () => {
  const committed = readFileSync(join(import.meta.dirname, '../../src/core/fields/places-data.ts'), 'utf8');
  expect(committed).toBe(await placesModule(placeKeys()));
});

test('a place of the country, in either language, with or without the country, is a place; a body named after one is not', () => {
  for (const p of ['Fléron', 'TONGEREN', 'Kampenhout', 'Sint-Niklaas', "Braine-l'Alleud", 'Uccle', 'Ukkel', 'Luik', 'Anvers', 'Mons, Belgique'])
    expect(isPlaceName(p), p).toBe(true);
  for (const p of ['Amicale de Fléron', 'Gemeente Kampenhout', 'KFC Tongeren', 'Cobalt', 'Jean Dupont', 'Fléron Sports asbl', ''])
    expect(isPlaceName(p), p).toBe(false);
});

test('a town on a signature line of its own under the name is where the writer lives, not the organisation (fr, nl, en)', () => {
  expect(fields(`${ask.fr}\n\nMerci,\nJean-Marc Bodart\nFléron`).organisation).toBeNull();
  expect(fields(`${ask.nl}\n\nGroetjes,\nHilde Moors\nTongeren`, sender('Hilde Moors', 'hilde.moors@telenet.be')).organisation).toBeNull();
  expect(fields(`${ask.en}\n\nBest,\nJozef Wouters\nKampenhout, Belgium`, sender('Jozef Wouters', 'jozef@skynet.be')).organisation).toBeNull();
  // Controls: a body named after the town, on the same line, is the organisation; a firm's one-word name is too.
  expect(fields(`${ask.fr}\n\nMerci,\nJean-Marc Bodart\nAmicale des pensionnés de Fléron`).organisation).toBe('Amicale des pensionnés de Fléron');
  expect(fields(`${ask.nl}\n\nGroetjes,\nHilde Moors\nKFC Tongeren`, sender('Hilde Moors', 'hilde.moors@telenet.be')).organisation).toBe('KFC Tongeren');
});

test("the writer's own label keeps a place they give as the organisation", () => {
  expect(fields(`${ask.fr}\n\nNom : Jean-Marc Bodart\nOrganisation : Waterloo`).organisation).toBe('Waterloo');
});

test('a filled-in detail closing the mail is read by its label, never as a signature line holding the label word', () => {
  for (const [label, value] of [
    ['Organisation', 'Cobalt'],
    ['Société', 'Cobalt'],
    ['Organisatie', 'Tongeren'],
  ])
    expect(fields(`${ask.fr}\n\nNom : Jean-Marc Bodart\n${label} : ${value}`).organisation, label).toBe(value);
  // Control: a body of several words was read right before.
  expect(fields(`${ask.en}\n\nName: Tom Baert\nOrganisation: Decathlon Namur`).organisation).toBe('Decathlon Namur');
});
