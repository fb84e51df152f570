// The span-completion step: an organisation read anywhere is taken to the natural end of the name
// phrase it sits in. Shapes from real signatures and sentences, in other words than the batches'.

import { describe, expect, test } from 'vitest';
import { completeOrganisation, namesNoBody } from '../../src/core/fields/org-span.ts';

describe('an organisation cut short is completed to its phrase', () => {
  test('a name runs on through genitive connectors and an adjective after its noun', () => {
    expect(completeOrganisation('ASBL Comité', 'ASBL Comité culturel des quartiers Saint-Gilles de Huy')).toBe(
      'ASBL Comité culturel des quartiers Saint-Gilles de Huy',
    );
    expect(completeOrganisation('Federatie', 'ik coördineer de Federatie van de Brugse Harmonieën sinds 2019.')).toBe('Federatie van de Brugse Harmonieën');
    expect(completeOrganisation('Friends', 'I chair the Friends of the Royal Park (a small charity).')).toBe('Friends of the Royal Park');
  });

  test('it stops at punctuation that ends a unit, a place, a role, a contact shape, an emoji', () => {
    expect(completeOrganisation('Cabinet dentaire des Lilas', 'Cabinet dentaire des Lilas, Wavre')).toBe('Cabinet dentaire des Lilas');
    expect(completeOrganisation('Pharmacie du Centre', 'Pharmacie du Centre in Halle')).toBe('Pharmacie du Centre');
    expect(completeOrganisation('Tennisclub Ace', 'Tennisclub Ace 🎾🎾')).toBe('Tennisclub Ace');
    expect(completeOrganisation('KSA', 'KSA Voorzitter 0475 12 34 56')).toBe('KSA');
  });

  test('lower-case words with no name after them are given back', () => {
    expect(completeOrganisation('Acme Logistics', 'je travaille chez Acme Logistics depuis mars et tout va bien')).toBe('Acme Logistics');
    expect(completeOrganisation('English-language', 'I manage the English-language collection at the library')).toBe('English-language');
  });

  test('a sentence in capitals is not extended: case no longer tells a name from the words after it', () => {
    expect(completeOrganisation('3RD GENT SCOUTS', 'I LEAD THE 3RD GENT SCOUTS AND HAVE TO POST THE CAMP LIST TODAY')).toBe('3RD GENT SCOUTS');
  });

  test('a branch named by its type and place after a dash takes its parent body', () => {
    expect(completeOrganisation('SECTION DE NAMUR', 'CROIX-ROUGE JEUNESSE – SECTION DE NAMUR')).toBe('CROIX-ROUGE JEUNESSE – SECTION DE NAMUR');
    expect(completeOrganisation('Afdeling Gent', 'Davidsfonds – Afdeling Gent')).toBe('Davidsfonds – Afdeling Gent');
    // Not a branch: two bodies on one line stay apart.
    expect(completeOrganisation('ASBL La Courte Échelle', 'Épicerie solidaire – ASBL La Courte Échelle')).toBe('ASBL La Courte Échelle');
    // A person before the dash is not a parent.
    expect(completeOrganisation('Afdeling Gent', 'Jan Peeters, voorzitter – Afdeling Gent')).toBe('Afdeling Gent');
  });

  test('a value not found in its snippet is left as it is', () => {
    expect(completeOrganisation('Les Amis', 'something else')).toBe('Les Amis');
  });
});

describe('a kind of body alone names none', () => {
  test.each(['AGENCE', 'Réseau', 'Gemeente', 'ASBL', 'de vzw', 'The Club'])('%s', (v) => expect(namesNoBody(v)).toBe(true));
  test.each(['Chiro Zonnebloem', 'Agence Dupont', 'KSA Ninove', 'Historia'])('%s names one', (v) => expect(namesNoBody(v)).toBe(false));
});

test('a branch named before a comma takes its parent body after it, on a signature line ("Leuven Chapter, The Rotary Club")', () => {
  expect(completeOrganisation('Leuven Chapter', 'Leuven Chapter, The Rotary Club')).toBe('Leuven Chapter, The Rotary Club');
  expect(completeOrganisation('Afdeling Brugge', 'Afdeling Brugge, Davidsfonds')).toBe('Afdeling Brugge, Davidsfonds');
  // Not a branch, or a sentence after the comma: nothing is added.
  expect(completeOrganisation('Rotary Club Leuven', 'Rotary Club Leuven, Belgium')).toBe('Rotary Club Leuven');
  expect(completeOrganisation('Leuven Chapter', 'Leuven Chapter, we meet on mondays')).toBe('Leuven Chapter');
});

describe('loop 27b: a noun a connector governs, then its proper name, is one genitive', () => {
  test('the span runs on through "de la collégiale Sainte-Gertrude", "van de abdij Sint-Andries"', () => {
    expect(completeOrganisation('Amis', "je m'occupe des Amis du carillon de la basilique Saint-Martin à Halle.")).toBe(
      'Amis du carillon de la basilique Saint-Martin',
    );
    expect(completeOrganisation('Vrienden', 'ik ben lid van de Vrienden van de abdij Sint-Andries sinds vorig jaar en meer.')).toBe(
      'Vrienden van de abdij Sint-Andries',
    );
  });
  test('control: a name after a lower-case word that follows a name is another phrase', () => {
    expect(completeOrganisation('Judo Club Ippon', 'je suis au Judo Club Ippon Ciney samedi Marche pour le tournoi.')).toBe('Judo Club Ippon Ciney');
  });
});

describe('loop 27b: a kind of body with a number counts units, names none', () => {
  test('"unité 12e", "section 3" name no body', () => {
    expect(namesNoBody('unité 12e')).toBe(true);
    expect(namesNoBody('section 3')).toBe(true);
  });
  test('control: a number inside a name beside a name word still names one', () => {
    expect(namesNoBody('unité 12e Braine')).toBe(false);
    expect(namesNoBody('Chiro Sint-Jan 5')).toBe(false);
  });
});

describe('stop 27 round 5: the rules value completed to the whole name the writer wrote (the rules caller only)', () => {
  const rules = () => ({ rules: true });
  test('kinds of body before a name they govern: a kind of a kind, an ordinal, a joined name', () => {
    expect(completeOrganisation('De Zonnebloem', 'ik beheer het account van het oudercomité van basisschool De Zonnebloem in Geel.', [], rules())).toBe(
      'oudercomité van basisschool De Zonnebloem',
    );
    expect(completeOrganisation("Guides d'Uccle", "je suis animatrice à la 5e unité Scouts et Guides d'Uccle et je dois partir.", [], rules())).toBe(
      "5e unité Scouts et Guides d'Uccle",
    );
  });
  test('control: one bare kind before a name stays out ("de club Vossem Otters")', () => {
    expect(completeOrganisation('Vossem Otters', 'Ik ben lid van de club Vossem Otters en ik wil mijn code.', [], rules())).toBe('Vossem Otters');
  });
  test('a genitive list closed by a conjunction, "à" before a thing, a place the acronym spells', () => {
    expect(completeOrganisation('Academie voor Beeld', 'ik geef les aan de Academie voor Beeld, Woord en Muziek Diest sinds maart.', [], rules())).toBe(
      'Academie voor Beeld, Woord en Muziek Diest',
    );
    expect(completeOrganisation('Fête de la Tarte', 'je préside la Fête de la Tarte à Gâteau de Wavre et je dois partir.', [], rules())).toBe(
      'Fête de la Tarte à Gâteau de Wavre',
    );
    expect(completeOrganisation('Polish Teachers Union', 'I am the chair of Polish Teachers Union in Belgium (PTUB). My phone broke.', [], rules())).toBe(
      'Polish Teachers Union in Belgium',
    );
  });
  test('control: "à" before a place, a place no acronym spells, a list of places', () => {
    expect(completeOrganisation('Royal Club Nautique', 'je suis au Royal Club Nautique à Namur depuis mars.', [], rules())).toBe('Royal Club Nautique');
    expect(completeOrganisation('Polish Teachers Union', 'I am the chair of Polish Teachers Union in Belgium (PTU). My phone broke.', [], rules())).toBe(
      'Polish Teachers Union',
    );
    expect(completeOrganisation('Dienst voor Toerisme', 'de Dienst voor Toerisme, Leuven en Brussel zijn dicht.', [], rules())).toBe('Dienst voor Toerisme');
  });
});
