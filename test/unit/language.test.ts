import { expect, test } from 'vitest';
import { detectLanguage, footerLanguage } from '../../src/core/language.ts';

test('paragraphs are recognised in French, Dutch and English', () => {
  expect(detectLanguage("Bonjour, j'ai perdu mon téléphone et je n'ai plus accès à mon compte. Pouvez-vous m'aider ?")).toBe('fr');
  expect(detectLanguage('Goedemorgen, mijn gsm is gestolen en ik kan niet meer inloggen. Kunnen jullie mij helpen?')).toBe('nl');
  expect(detectLanguage('Hello, I lost my phone and I cannot sign in to my account any more. Can you help me?')).toBe('en');
});

test('very short texts are decided by common words', () => {
  expect(detectLanguage('Merci !')).toBe('fr');
  expect(detectLanguage('Bonjour, 2FA svp')).toBe('fr');
  expect(detectLanguage('Hallo, 2FA kwijt')).toBe('nl');
  expect(detectLanguage('Dank u wel')).toBe('nl');
  expect(detectLanguage('Please reset my 2FA.')).toBe('en');
  expect(detectLanguage('Thanks')).toBe('en');
});

test('no text, or no words, means no language', () => {
  expect(detectLanguage('')).toBeNull();
  expect(detectLanguage('   \n ')).toBeNull();
  expect(detectLanguage('+32 475 12 34 56 https://example.com a@b.c')).toBeNull();
});

test('names, addresses and numbers do not tip a short French text', () => {
  expect(detectLanguage('Bonjour,\nPouvez-vous réinitialiser ma double authentification ?\nMarie Dubois\nmarie.dubois@lesamis.be\n+32 81 22 33 44')).toBe('fr');
});

test('only our three languages come out', () => {
  const german = detectLanguage('Guten Tag, ich habe mein Telefon verloren und kann mich nicht mehr anmelden.');
  expect([null, 'fr', 'nl', 'en']).toContain(german);
});

test("a text too short to tell takes the language of the client's footer; a text that can tell keeps its own", () => {
  const footer = footerLanguage('2fa reset aub – Els, Chiro Lede, gsm plat\n\nVerzonden vanaf mijn iPhone');
  expect(footer).toBe('nl');
  expect(detectLanguage('2fa reset aub – Els Maes, Chiro Lede, gsm plat', footer)).toBe('nl');
  // An English client footer under a French text does not make it English.
  expect(detectLanguage("Bonjour, j'ai perdu mon téléphone et je ne peux plus me connecter à Bpart.", 'en')).toBe('fr');
});

test('loop 11: the same text given again in other languages, paragraph by paragraph, is in the first one', () => {
  const en = 'I am out of the office until Monday 20 April with no access to my e-mail. For urgent matters about the club, please write to the secretary.';
  const fr =
    "Je suis absente du bureau jusqu'au lundi 20 avril sans accès à mes courriels. Pour les questions urgentes concernant le club, veuillez écrire au secrétaire.";
  const nl = 'Ik ben afwezig tot maandag 20 april en lees mijn e-mail niet. Voor dringende vragen over de club kunt u de secretaris schrijven.';
  expect(detectLanguage(`${en}\n\n${fr}\n\n${nl}`)).toBe('en');
  expect(detectLanguage(`${nl}\n\n${fr}\n\n${en}`)).toBe('nl');
  expect(detectLanguage(`${fr}\n\n${en}`)).toBe('fr');
  // Control: one language throughout, whatever the paragraphs, and a short greeting in another language first.
  expect(detectLanguage(`Hello,\n\n${fr}\n\n${fr.replace('lundi', 'mardi')}`)).toBe('fr');
});

test('a business text whose Latin words look French to trigrams is in the language of its function words', () => {
  const en =
    'Dear team,\n\nOur procurement department cannot validate invoice 2027-114 without the purchase order reference. Could you please reissue it with the reference we sent you in January?\n\nKind regards,\nAnne Peeters\nFinance Administration';
  expect(detectLanguage(en)).toBe('en');
  // Control: a French text with English product words stays French.
  const fr =
    'Bonjour,\n\nNotre département finance ne peut pas traiter la facture 2027-114 sans le numéro de purchase order. Pouvez-vous la réémettre avec la référence envoyée en janvier ?\n\nCordialement,\nAnne Peeters';
  expect(detectLanguage(fr)).toBe('fr');
});

test('loop 27a: "de" and "en", French as much as Dutch, no longer tip a formal French paragraph to Dutch', () => {
  const formal =
    "Madame,\n\nJe m'adresse à vous en qualité de trésorière de l'Association Culturelle de Ciney et de sa section de danse.\n\nLors de la sortie de dimanche, mon téléphone est tombé dans la Meuse et je ne reçois plus les codes de connexion depuis.\n\nMerci d'avance.";
  expect(detectLanguage(formal)).toBe('fr');
  // Control: a Dutch text full of "de" and "en" stays Dutch.
  expect(detectLanguage('Beste,\n\nIk ben de secretaris van de turnkring en mijn gsm is kapot. Kunnen jullie de verificatie resetten?\n\nGroeten')).toBe('nl');
});
