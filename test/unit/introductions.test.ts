// The writer saying who they are outside any signature block: in the greeting
// line, in apposition at a sentence's start, in a one-paragraph mail, signed at
// the end of the last sentence, or by naming the account's body.
import { describe, expect, test } from 'vitest';
import { extractFields } from '../../src/core/extract-fields.ts';
import { introducedOrganisations, roleClauseOrganisations, signedAtEnd } from '../../src/core/fields/introductions.ts';
import type { Mailbox } from '../../src/core/message.ts';

function read(text: string, sender: Mailbox | null = null) {
  return extractFields(text, sender, ['bpart']).fields;
}

describe('a name and a body in the greeting line', () => {
  test('"ici X de la Y", "met X van Y", "X here, from the Y"', () => {
    const fr = read(
      'Bonsoir, ici Sophie Lambert de la Chorale Sainte-Cécile.\nMon portable a été volé au marché. Pouvez-vous réinitialiser la double authentification ?',
    );
    expect(fr).toMatchObject({ fullName: 'Sophie Lambert', organisation: 'Chorale Sainte-Cécile' });
    const nl = read(
      'Goeiemorgen, met Pieter Janssens van Toneelkring Het Masker. Mijn gsm is in de vijver gevallen, kunnen jullie de tweestapsverificatie resetten?',
    );
    expect(nl).toMatchObject({ fullName: 'Pieter Janssens', organisation: 'Toneelkring Het Masker' });
    const en = read('Hi, Tom Walsh here, from the Ostend Rowing Club. My phone went into the harbour and the authenticator app with it. Please reset my 2FA.');
    expect(en).toMatchObject({ fullName: 'Tom Walsh', organisation: 'Ostend Rowing Club' });
  });

  test('a place after the name is not a body', () => {
    expect(introducedOrganisations(['Bonjour, ici Jean Dupont de Namur.'])).toEqual([]);
    expect(introducedOrganisations(['Hallo, met Jan Peeters van Lokeren.'])).toEqual([]);
    expect(introducedOrganisations(['Hallo, met Jan Peeters van Voetbalclub Lokeren.']).map((f) => f.value)).toEqual(['Voetbalclub Lokeren']);
  });

  test('a name in apposition before a role or a body link', () => {
    const nl = read(
      'Goedemiddag,\n\nNina Peeters, penningmeester van Jeugdhuis De Kelder. Mijn telefoon is gestolen op de trein. Graag een reset van de tweestapsverificatie.',
    );
    expect(nl).toMatchObject({ fullName: 'Nina Peeters', organisation: 'Jeugdhuis De Kelder' });
    const fr = read(
      'Bonjour,\n\nLuc Mertens, pour le Cercle philatélique de Namur. Téléphone tombé dans le canal, plus de codes. Pouvez-vous réinitialiser la 2FA ?',
    );
    expect(fr).toMatchObject({ fullName: 'Luc Mertens', organisation: 'Cercle philatélique de Namur' });
  });

  test('a greeting cut by a dash, a role with no link word, a name straight before a body', () => {
    expect(read('Hello — Anna Kowalski here, treasurer of the Hillside Bowls Club. Phone lost on holiday, please reset my 2FA.')).toMatchObject({
      fullName: 'Anna Kowalski',
      organisation: 'Hillside Bowls Club',
    });
    expect(read('Karen De Smet, secretaris Davidsfonds Tielt. Mijn gsm is stuk, graag een reset van de tweestapsverificatie.')).toMatchObject({
      fullName: 'Karen De Smet',
      organisation: 'Davidsfonds Tielt',
    });
    expect(read("Bonjour, Marie Leroy de l'Harmonie Royale de Ciney. Mon portable a fini dans la rivière. Vous pouvez réinitialiser la 2FA ?")).toMatchObject({
      fullName: 'Marie Leroy',
      organisation: 'Harmonie Royale de Ciney',
    });
  });

  test('written in capitals, particles stay particles and the body is not read into the name', () => {
    expect(read('BONSOIR, ICI PAUL LEJEUNE DE LA CHORALE SAINT-REMY. MON GSM EST CASSÉ, POUVEZ-VOUS RÉINITIALISER LA 2FA ?')).toMatchObject({
      fullName: 'PAUL LEJEUNE',
      organisation: 'CHORALE SAINT-REMY',
    });
  });

  test('the body between the name and "here"', () => {
    expect(read('Hi, Mark Evans from Evans Plumbing Ltd here. My phone was dropped down the toilet. Please reset my 2FA.')).toMatchObject({
      fullName: 'Mark Evans',
      organisation: 'Evans Plumbing Ltd',
    });
  });

  test('a first name after a lead word gives the body when it is marked as one, not a full name', () => {
    expect(read('Hallo, hier is Jan, van de Chiro Lede. Onze gsm is gestolen, kunnen jullie de 2FA resetten?')).toMatchObject({
      fullName: null,
      organisation: 'Chiro Lede',
    });
    expect(read('Hallo, hier is Jan van Gent. Mijn gsm is gestolen, kunnen jullie de 2FA resetten?').organisation).toBeNull();
  });

  test('a first name before "here" gives the body, not a full name', () => {
    expect(read('Hi there, Tom here from the Riverside Rowing Club. Lost my phone, reset 2FA please.')).toMatchObject({
      fullName: null,
      organisation: 'Riverside Rowing Club',
    });
  });

  test('someone else named with their body in a sentence is not the writer', () => {
    const f = read('Hallo,\n\nJan Peeters van Chiro Lede gaf me jullie adres. Mijn gsm is gestolen, kunnen jullie de 2FA resetten?\n\nGroeten,\nLien Claes');
    expect(f.fullName).toBe('Lien Claes');
  });

  test('a call to action before "here" is no name', () => {
    expect(read('Spring Offers Click here').fullName).toBeNull();
    expect(read('Nieuwe Collectie Klik hier voor meer').fullName).toBeNull();
  });

  test('the addressee after a greeting is not the writer', () => {
    const f = read('Dear Emma Stone,\n\nMy phone was stolen and I need my 2FA reset.');
    expect(f.fullName).toBeNull();
  });
});

describe('a name signed at the end of a one-paragraph mail', () => {
  test('after a closing and a comma, or after a closing word on the same clause', () => {
    const fr = read(
      "Bonjour, mon téléphone est tombé dans l'escalier et l'écran est noir, je n'ai plus accès à l'application d'authentification, pourriez-vous réinitialiser mon accès, merci beaucoup, Hélène Marchal",
    );
    expect(fr.fullName).toBe('Hélène Marchal');
    const nl = read('hoi mijn gsm is in het kanaal gevallen en de app is weg, kunnen jullie mijn tweestapsverificatie resetten, groetjes Wim Claes');
    expect(nl.fullName).toBe('Wim Claes');
  });

  test('in lower case only when the From mailbox bears it out', () => {
    const text = 'hi my phone got run over by a bus and i cant get the codes anymore, can you reset my 2fa, thanks a lot, cheers dan murphy';
    expect(read(text, { address: 'dan.murphy@example.org', name: null }).fullName).toBe('dan murphy');
    expect(read(text, { address: 'info@example.org', name: null }).fullName).toBeNull();
  });

  test('the name as the last sentence, after a closing that ends the one before', () => {
    expect(read('Hello, I look after the bookings for the Hilltop Scout Group and my phone died, could you reset my 2FA? Thanks! Owen Pryce').fullName).toBe(
      'Owen Pryce',
    );
  });

  test('a group or a role signing in lower case is not a person, even when the address bears it out', () => {
    expect(
      read('onze gsm is in de vijver gevallen, kunnen jullie de 2fa resetten?\n\nmerci!\nde leiding', { address: 'leiding@chiro.example', name: null })
        .fullName,
    ).toBeNull();
  });

  test('a title with its dot, and a role or a body after the signed name', () => {
    expect(read("Mon téléphone est tombé à l'eau, pouvez-vous réinitialiser la 2FA, merci d'avance, Dr. Anne Petit").fullName).toBe('Anne Petit');
    expect(read('Mijn gsm is gestolen, kunnen jullie de 2FA resetten, groeten, Bart Wouters, penningmeester VC De Ketting').fullName).toBe('Bart Wouters');
  });

  test('a first name alone after the closing signs no full name', () => {
    expect(read('Mijn gsm is kapot en de app is weg. Kunnen jullie de 2FA resetten? Mvg, Jan').fullName).toBeNull();
  });
});

describe('the body further on in a sentence that states the role', () => {
  test('the first body-marked name in the same clause', () => {
    const nl = read(
      'Dag, ik ben verantwoordelijke voor de verhuur van de zalen in het Cultureel Centrum De Schakel en ik gebruik jullie platform elke dag, maar mijn gsm is gestolen, dus graag de tweestapsverificatie resetten.',
    );
    expect(nl.organisation).toBe('Cultureel Centrum De Schakel');
    const fr = read(
      "Bonjour, je suis coordinatrice des bénévoles pour les repas du Centre culturel d'Ottignies et mon téléphone a été volé, pourriez-vous réinitialiser la 2FA ?",
    );
    expect(fr.organisation).toBe("Centre culturel d'Ottignies");
  });

  test('a capitalised place in the clause is not taken for the body', () => {
    const f = read('Bonjour, je suis responsable des inscriptions à Louvain et mon téléphone est cassé, pouvez-vous réinitialiser la 2FA ?');
    expect(f.organisation).toBeNull();
  });
});

test('a committee in lower case after a role is a body ("comité des fêtes de X")', () => {
  const f = read(
    "Madame, Monsieur, je suis présidente du comité des fêtes de Wanze et j'ai perdu mon téléphone avec l'application des codes, pouvez-vous réinitialiser mon accès, avec mes remerciements, Josiane Lambert",
  );
  expect(f).toMatchObject({ fullName: 'Josiane Lambert', organisation: 'comité des fêtes de Wanze' });
});

describe('the account named by its body', () => {
  test('"the X account", "het account van X", "le compte de la X"', () => {
    expect(read('Could you please reset the two-factor login for the Meadowbank Tennis Club account? Thank you.').organisation).toBe('Meadowbank Tennis Club');
    expect(read('Kunnen jullie de tweestapsverificatie van het account van Schaakclub Lier resetten?').organisation).toBe('Schaakclub Lier');
    expect(read('Pourriez-vous réinitialiser la double authentification du compte de la Chorale Saint-Martin ?').organisation).toBe('Chorale Saint-Martin');
  });

  test('at a sentence start: "The X account …"', () => {
    expect(read('The Northside Chess Club account is locked since my phone was stolen. Please reset the 2FA.').organisation).toBe('Northside Chess Club');
  });

  test('our product named between the account and the body', () => {
    expect(read("Pourriez-vous réinitialiser la double authentification sur le compte Bpart de l'ASBL Les Petits Pas ? Merci.").organisation).toBe(
      'ASBL Les Petits Pas',
    );
    expect(read('Kunnen jullie de 2FA van het Bpart-account van Chiro Lede resetten? Bedankt.').organisation).toBe('Chiro Lede');
  });

  test('our own product, a person or an unmarked name is not the body', () => {
    expect(read('Please reset the 2FA on my Bpart account.').organisation).toBeNull();
    expect(read('Kunnen jullie de tweestapsverificatie van het account van Marie Dubois resetten?').organisation).toBeNull();
  });
});

test('German academic titles before a name are dropped: "Dr. med. vet.", "Prof. Dr.", "Dr. rer. nat."', () => {
  const f = read(
    'Guten Tag,\n\nmy phone was stolen at the clinic. Please reset my 2FA.\n\nKind regards,\n\nDr. rer. nat. Katrin Vogel\nInstitut für Bodenkunde',
  );
  expect(f.fullName).toBe('Katrin Vogel');
});

describe('a duty said with its verb places the writer in a body', () => {
  test('what one owns or runs, or a capitalised name behind an article, is a body (fr, nl, en)', () => {
    expect(roleClauseOrganisations(['We are the owners of Camping De Waterval in Durbuy.']).map((f) => f.value)).toEqual(['Camping De Waterval']);
    expect(roleClauseOrganisations(['Nous sommes les gérants du Gîte Les Trois Chênes à Spa.']).map((f) => f.value)).toEqual(['Gîte Les Trois Chênes']);
    expect(roleClauseOrganisations(['Wij zijn de uitbaters van Brasserie Het Anker.']).map((f) => f.value)).toEqual(['Brasserie Het Anker']);
    expect(roleClauseOrganisations(['I coordinate the volunteers at the Riverside Food Bank.']).map((f) => f.value)).toEqual(['Riverside Food Bank']);
    expect(roleClauseOrganisations(['Ik beheer de ledenlijst van Wielerclub De Ketting.']).map((f) => f.value)).toEqual(['Wielerclub De Ketting']);
  });
  test('people one works for are no body', () => {
    expect(roleClauseOrganisations(['I look after the accounts of Jan Peeters and Marie Dubois.'])).toEqual([]);
    expect(roleClauseOrganisations(['I handle the bookings for Pieter De Smet.'])).toEqual([]);
  });
});

describe('a name typed in lower case in the first sentence', () => {
  test('is taken after a lead word or before "here" when the From mailbox bears it out', () => {
    const sender = { address: 'tom.brennan77@gmail.com', name: 'tom brennan' };
    expect(
      read('hey, tom brennan here, i keep the keys for the scout hut. my phone got nicked so the authenticator is gone, can you reset my 2fa', sender).fullName,
    ).toBe('tom brennan');
    const fr = { address: 'sophie.marchal@skynet.be', name: '' };
    expect(read('bonjour je suis sophie marchal du club de petanque. mon gsm est casse et je ne recois plus les codes', fr).fullName).toBe('sophie marchal');
  });
  test('is not taken when the mailbox does not bear it out, or when it is a group', () => {
    const other = { address: 'info@scouts-hut.be', name: '' };
    expect(read('hey, tom brennan here, my phone got nicked so the authenticator is gone, can you reset my 2fa', other).fullName).toBeNull();
    const shared = { address: 'secretariaat.leden@club.be', name: '' };
    expect(read('hallo, hier is de leiding van de club. onze gsm is kapot, kunnen jullie de codes resetten', shared).fullName).toBeNull();
  });
});

test("a one-line mail signed inside its list of parts, with the writer's From name spelt by their mailbox", () => {
  const sender = { address: 'elsmaes88@gmail.com', name: 'Els Maes' };
  expect(signedAtEnd(['2fa reset aub – Els Maes, Chiro Lede, gsm plat'], sender)?.value).toBe('Els Maes');
  // A body's display name over a shared mailbox is no person signing.
  expect(signedAtEnd(['reset please – Helping Paws Gent, phone stolen'], { address: 'contact@helpingpaws.be', name: 'Helping Paws Gent' })).toBeNull();
});
