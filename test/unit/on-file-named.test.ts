// Whether the writer's text names the account on file (issue 14, "What the account on file can
// tell"): whole words, whatever the case, accents, spacing or hyphens, a legal form or not, a
// name in either order; with the passage it was found in.
import { describe, expect, test } from 'vitest';
import { addNamed, onFileNamed, organisationCore } from '../../src/core/on-file-named.ts';

const org = (organisations: string[], text: string) => onFileNamed(text, { fullName: null, organisations }).organisation ?? null;
const name = (fullName: string | null, text: string) => onFileNamed(text, { fullName, organisations: [] }).fullName ?? null;

describe('an organisation on file named in the text', () => {
  test.each([
    ['capitals and no accents', 'Société Royale Dramatique de Thuin', 'je suis le secrétaire de la SOCIETE ROYALE DRAMATIQUE DE THUIN.'],
    ['accents where the file has none', 'Ecole Saint-Joseph Ciney', "Je travaille à l'École Saint-Joseph Ciney depuis dix ans."],
    ['extra spaces and a line break of a wrapped paragraph', 'Chiro Sint-Jan Berchem', 'ik ben leidster bij chiro  sint-jan\nberchem en mijn gsm is kapot'],
    ['a space where the file has a hyphen', 'Patro Saint-Joseph Jambes', 'Organisation : patro saint joseph jambes'],
    ['a hyphen where the file has a space', 'Louvain la Neuve Hockey Club', 'Louvain-la-Neuve Hockey Club, trésorier'],
    [
      'the file has the legal form, the text not',
      'Les Amis de Ciney ASBL',
      "Bonjour, je gère le compte des Amis de Ciney... pardon: Les Amis de Ciney, l'association.",
    ],
    ['the text has the legal form, the file not', 'Brouwerij Peeters', 'Jan Peeters\nBrouwerij Peeters BV\nBTW BE0123.456.789'],
    ['a dotted legal form in the text', 'Jeugdhuis De Klinker vzw', 'namens Jeugdhuis De Klinker v.z.w. en de jeugdraad'],
    ['a legal form in front on file', 'vzw Buurtwerk Gent-Oost', 'Ik werk voor Buurtwerk Gent-Oost sinds 2020.'],
    [
      'typographic apostrophe against a straight one',
      "Vietnamese Students' Association Leuven",
      'I am the treasurer of the Vietnamese Students’ Association Leuven.',
    ],
    ['a three-letter name as a word of its own', 'KFC Duffel', 'ik ben penningmeester bij kfc duffel'],
    ['one word with its legal form', 'Genuine BV', 'Victor Holder\nGENUINE B.V.'],
    ['one word with no legal form on file', 'Natuurpunt', 'vrijwilliger bij natuurpunt sinds jaren'],
  ])('%s', (_what, onFile, text) => {
    expect(org([onFile], text)).toMatchObject({ value: onFile });
  });

  test.each([
    ['a name inside a longer word: "Ath" is not "Athletics"', 'Ath', 'I run the Brussels Athletics club.'],
    ['a name that only starts a longer word', 'Amis de Ciney', 'les Amis de Cineyville'],
    ['the words not next to each other', 'Amis de Ciney', 'les amis que nous avons de Ciney'],
    ['one word without its legal form: "genuine" in prose', 'Genuine BV', 'a genuine question about our BV'],
    ['a two-letter core is no evidence', 'AZ BV', 'Ik werk in het AZ van Brugge.'],
    ['only a legal form', 'ASBL', 'notre asbl a perdu le téléphone'],
    ['words across a blank line', 'Maison Rouge', 'Merci, la maison\n\nRouge Marie'],
  ])('not named: %s', (_what, onFile, text) => {
    expect(org([onFile], text)).toBeNull();
  });

  test('which of several organisations on file is named, with the line it was named on', () => {
    const found = org(['Northwind Traders', 'Tennis Club Spa'], 'Bonjour,\n\nJe m’occupe des inscriptions du TENNIS-CLUB SPA depuis 2019.\nMerci');
    expect(found).toEqual({ value: 'Tennis Club Spa', snippet: 'Je m’occupe des inscriptions du TENNIS-CLUB SPA depuis 2019.' });
  });

  test('a long line is shortened around the words that name it', () => {
    const long = `${'Bla '.repeat(60)}we are Kessel-Lo Runners and ${'more words '.repeat(30)}`;
    const found = org(['Kessel-Lo Runners'], long);
    expect(found?.snippet).toContain('Kessel-Lo Runners');
    expect(found!.snippet.length).toBeLessThanOrEqual(162);
    expect(found!.snippet.startsWith('…')).toBe(true);
    expect(found!.snippet.endsWith('…')).toBe(true);
  });

  test('the core of an organisation leaves legal forms out at either end only', () => {
    expect(organisationCore('Les Amis de Ciney A.S.B.L.')).toEqual(['les', 'amis', 'de', 'ciney']);
    expect(organisationCore('NV Bouwbedrijf NV Decock')).toEqual(['bouwbedrijf', 'nv', 'decock']);
  });
});

describe("the holder's name on file named in the text", () => {
  test.each([
    ['as on file', 'Marie Dupont', 'Cordialement,\nMarie Dupont'],
    ['surname first in capitals', 'Marie Dupont', 'DUPONT Marie\nTrésorière'],
    ['surname first with a comma', 'Hilde De Clercq', 'Groeten,\nDE CLERCQ, Hilde'],
    ['in lower case without accents', 'Sébastien Moreau', 'nom : sebastien moreau'],
    ['a compound first name with a space for its hyphen', 'Jean-Luc Van den Berg', 'VAN DEN BERG Jean Luc'],
    ['after a title', 'Sofie Willems', 'Dr. Sofie Willems\nHuisarts'],
  ])('%s', (_what, onFile, text) => {
    expect(name(onFile, text)).toMatchObject({ value: onFile });
  });

  test.each([
    ['the first name only', 'Marie Dupont', 'Merci, Marie'],
    ['a longer surname', 'Jan Peeters', 'Jan Peetersen, voorzitter'],
    ['a one-word name on file', 'Madonna', 'Madonna'],
    ['no name on file', null, 'Marie Dupont'],
  ])('not named: %s', (_what, onFile, text) => {
    expect(name(onFile, text)).toBeNull();
  });

  test('name and organisation found together, each with its own passage', () => {
    const text = 'Bonjour,\n\nMon téléphone a été volé.\n\nDUPONT Marie\nSecrétaire de la Chorale À Cœur Joie de Wavre';
    expect(onFileNamed(text, { fullName: 'Marie Dupont', organisations: ['Chorale A Coeur Joie de Wavre ASBL'] })).toEqual({
      fullName: { value: 'Marie Dupont', snippet: 'DUPONT Marie' },
      organisation: { value: 'Chorale A Coeur Joie de Wavre ASBL', snippet: 'Secrétaire de la Chorale À Cœur Joie de Wavre' },
    });
  });
});

test('a further message adds what it names; what earlier messages named stays', () => {
  const first = { organisation: { value: 'Genuine BV', snippet: 'Genuine BV' } };
  expect(addNamed(first, { organisation: { value: 'Genuine BV', snippet: 'later' }, fullName: { value: 'V H', snippet: 'V H' } })).toEqual({
    organisation: { value: 'Genuine BV', snippet: 'Genuine BV' },
    fullName: { value: 'V H', snippet: 'V H' },
  });
  expect(addNamed(undefined, {})).toBeUndefined();
});
