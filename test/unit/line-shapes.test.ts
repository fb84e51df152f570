// Shapes of a signature line that say what it is, whatever its words: hours, memberships, numbers.
import { describe, expect, test } from 'vitest';
import { extractFields } from '../../src/core/extract-fields.ts';
import { isCommonWordsLine, isHoursLine, isMembership, isRegistrationNumber } from '../../src/core/fields/line-shapes.ts';
import { hasBodyMarker } from '../../src/core/fields/organisations.ts';
import { holdsContactLine } from '../../src/core/fields/signature-block.ts';

const body = 'Hello,\n\nMy phone was stolen on the tram yesterday and the authenticator was on it. Could you reset my 2FA?\n\n';
const org = (signature: string) => extractFields(`${body}${signature}`, null, ['bpart']).fields.organisation;

describe('line shapes', () => {
  test('a day and a time on one line are opening hours, in French, Dutch and English', () => {
    expect(isHoursLine('Ouvert du mardi au samedi de 9h30 à 18h')).toBe(true);
    expect(isHoursLine('Spreekuur: di en do 14u-16u')).toBe(true);
    expect(isHoursLine('Open Tue–Thu 10am–4pm')).toBe(true);
    expect(isHoursLine('Brasserie Du Marché 1890')).toBe(false);
    expect(isHoursLine('Tuesday Club Tervuren')).toBe(false);
  });

  test('a line of opening hours is never the organisation; the body beside it is', () => {
    expect(org('Kind regards,\nPaul Meert\nBakery Meert\nOpen Tue-Sun 7:00-13:00')).toBe('Bakery Meert');
    expect(org('Met vriendelijke groeten,\nEls Wuyts\nSpreekuren: di-do 9u-12u')).toBeNull();
  });

  test('a register, order or federation the firm is a member of is not the organisation', () => {
    expect(isMembership('Ordre des Architectes', 'Membre de l’Ordre des Architectes')).toBe(true);
    expect(isMembership('Lid van Orde van Vlaamse Balies', 'Lid van Orde van Vlaamse Balies')).toBe(true);
    expect(isMembership('Hotel Federation', 'Tel 02 555 11 22 | Member of the Hotel Federation')).toBe(true);
    expect(isMembership('Dewitte Tuinen BV', 'Dewitte Tuinen BV')).toBe(false);
    expect(org('Best regards,\nNina Haas\nHaas & Dupont Accountants\nMember of the Institute of Tax Advisors')).toBe('Haas & Dupont Accountants');
    expect(org('Cordialement,\nLuc Noël\nMembre de la Chambre des Géomètres')).toBeNull();
  });

  test('a registration or phone number is no body, and a number inside a firm’s name before its legal form is no postcode', () => {
    expect(isRegistrationNumber('Erkend vastgoedmakelaar BIV nr. 204 118')).toBe(true);
    expect(isRegistrationNumber('Wachtdienst: 0499 11 22 33')).toBe(true);
    expect(isRegistrationNumber('Garage Mercator 1900 NV')).toBe(false);
    expect(holdsContactLine('Garage Mercator 1900 NV')).toBe(false);
    expect(holdsContactLine('Rue Haute 5, 1000 Bruxelles')).toBe(true);
    expect(holdsContactLine('3000 Leuven')).toBe(true);
  });

  test('a signature line in common words says what the writer does, not whom for', () => {
    expect(isCommonWordsLine('Géomètre-expert', hasBodyMarker)).toBe(true);
    expect(isCommonWordsLine('Consultant indépendant', hasBodyMarker)).toBe(true);
    expect(isCommonWordsLine('Landschapsarchitect', hasBodyMarker)).toBe(true);
    expect(isCommonWordsLine('Brasserie Verhaeghe', hasBodyMarker)).toBe(false);
    expect(isCommonWordsLine('Atelier 7', hasBodyMarker)).toBe(false);
    // One word alone: a trade by its ending, a body by its own name.
    for (const trade of ['Juriste', 'Architect', 'Notaris', 'Boekhouder', 'Kinésithérapeute', 'Tandarts', 'Consultant', 'Psychologue']) {
      expect(isCommonWordsLine(trade, hasBodyMarker), trade).toBe(true);
    }
    for (const body of ['Natuurpunt', 'Femma', 'Oxfam', 'Bpost', 'Kinepraktijk']) expect(isCommonWordsLine(body, hasBodyMarker), body).toBe(false);
    expect(org('Groeten,\nJan Peeters\nNatuurpunt')).toBe('Natuurpunt');
    expect(org('Cordialement,\nMarie Dubois\nJuriste')).toBeNull();
    expect(org('Cordialement,\nLuc Noël\nGéomètre-expert\nMembre de la Chambre des Géomètres')).toBeNull();
    expect(org('Met vriendelijke groeten,\nSara Claes\nLandschapsarchitect\nGroenatelier Claes BV')).toBe('Groenatelier Claes BV');
  });
});

test("loop 14: a register's initials spelled out after a dash are the same register", () => {
  expect(isMembership('Union professionnelle du secteur immobilier', "Membre de l'UPSI – Union professionnelle du secteur immobilier")).toBe(true);
  expect(isMembership('Beroepsinstituut van Vastgoedmakelaars', 'Lid van het BIV - Beroepsinstituut van Vastgoedmakelaars')).toBe(true);
  // Control: a body after a membership's full name and a dash is the firm.
  expect(isMembership('Agence Dupont SRL', "Membre de l'Union professionnelle du secteur immobilier – Agence Dupont SRL")).toBe(false);
});
