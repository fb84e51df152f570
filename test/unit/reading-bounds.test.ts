import { expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseWithOwnText } from '../../src/core/analyse.ts';
import { boundedForReading, READ_BOUNDS } from '../../src/core/reading-bounds.ts';
import { parseMessage } from '../../src/adapters/mail/parse.ts';
import { inbound } from './message-builder.ts';

const EVAL = join(import.meta.dirname, '../../fixtures/eval');

const request = (middle: string) =>
  `Bonjour,\n\nJ'ai perdu mon téléphone dimanche au marché de Namur et l'application d'authentification était dessus.\n\n${middle}\n\nPouvez-vous réinitialiser ma double authentification ?\n\nCordialement,\nMarie Dubois\nTrésorière\nLes Amis du Parc ASBL\n`;

test('an ordinary mail is read whole: the bound changes no character of it', () => {
  const text = request('Je gère les inscriptions du club depuis trois ans.');
  expect(boundedForReading(text)).toBe(text);
});

test('the longest writer’s text of the labelled set is read whole', async () => {
  // The bound is far above what people write: no labelled message is cut (the longest is ~2,000 characters).
  const longest = ['fr-cd02-genealogie-lettre-longue.eml', 'en-ay29-probus-waterloo-long-paragraph.eml', 'fr-aq14-bounce-exchange-introuvable.eml'];
  expect(readdirSync(EVAL)).toEqual(expect.arrayContaining(longest));
  for (const file of longest) {
    const { own } = analyseWithOwnText(await parseMessage(readFileSync(join(EVAL, file))));
    expect(own.length, file).toBeGreaterThan(800);
    expect(boundedForReading(own), file).toBe(own);
  }
});

test('a very long mail keeps its opening and its signature: the story and the signer are still read', () => {
  const rambling = Array.from({ length: 200 }, (_, i) => `Paragraphe ${i} : le club a organisé une activité de plus ce mois-là.`).join('\n');
  const text = request(rambling);
  const bounded = boundedForReading(text);
  // Under the 20,000 characters of a mail the quote stripper looks at (strip-quotes.ts), over the reader's bound.
  expect(text.length).toBeGreaterThan(12_000);
  expect(text.length).toBeLessThan(20_000);
  expect(bounded.length).toBeLessThanOrEqual(READ_BOUNDS.head + READ_BOUNDS.tail + 2);
  expect(bounded.startsWith("Bonjour,\n\nJ'ai perdu mon téléphone")).toBe(true);
  expect(bounded.endsWith('Marie Dubois\nTrésorière\nLes Amis du Parc ASBL\n')).toBe(true);
  // Whole lines only: no line of the middle is cut in two.
  for (const line of bounded.split('\n')) expect(text.split('\n')).toContain(line);

  const { analysis, own } = analyseWithOwnText(inbound({ subject: 'Téléphone perdu', text }));
  // What the reader read is the bounded view.
  expect(own.length).toBeLessThanOrEqual(READ_BOUNDS.head + READ_BOUNDS.tail + 2);
  expect(text).toContain('Paragraphe 100 ');
  expect(own).not.toContain('Paragraphe 100 ');
  expect(analysis.kind).toBe('recovery_request');
  expect(analysis.fields).toMatchObject({ fullName: 'Marie Dubois', organisation: 'Les Amis du Parc ASBL' });
  expect(analysis.fields.explanation).toContain("J'ai perdu mon téléphone dimanche");
});

test('a run of blanks is shortened, so no rule reads 12,000 of them at once', () => {
  const bounded = boundedForReading(request(`Voilà${' '.repeat(12_000)}fin.`));
  expect(bounded).toContain(`Voilà${' '.repeat(READ_BOUNDS.blanks)}fin.`);
  expect(bounded).not.toContain(' '.repeat(READ_BOUNDS.blanks + 1));
  // Control: a run at the bound is kept as written.
  const atBound = request(`a${' '.repeat(READ_BOUNDS.blanks)}b`);
  expect(boundedForReading(atBound)).toBe(atBound);
});

test('a line past the bound is cut at a blank into lines the rules read one by one', () => {
  const line = 'de '.repeat(1_500).trim();
  const text = request(line);
  expect(text.length).toBeLessThan(READ_BOUNDS.head + READ_BOUNDS.tail);
  const lines = boundedForReading(text).split('\n');
  expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(READ_BOUNDS.line);
  const cut = lines.filter((l) => l.startsWith('de de'));
  expect(cut.length).toBe(3);
  expect(cut.join(' ')).toBe(line);
});

test('a story told in one endless line keeps its opening: the request is still read', () => {
  // Eve's (or anyone's) 4,000 characters inside the sentence that says what happened: the line is cut before the head is
  // taken, so the head holds its start instead of ending before it.
  const text = request('').replace('dimanche au marché', `dimanche au marché (${'y'.repeat(4_000)} ${'z'.repeat(3_000)})`);
  expect(text.split('\n').some((line) => line.length > READ_BOUNDS.head)).toBe(true);
  const { analysis, own } = analyseWithOwnText(inbound({ subject: 'Téléphone perdu', text }));
  expect(own).toContain("J'ai perdu mon téléphone dimanche au marché (yyy");
  expect(analysis.kind).toBe('recovery_request');
  expect(analysis.fields.explanation).toContain("J'ai perdu mon téléphone");
});

test('one unbroken token longer than a line is cut hard', () => {
  const token = 'y'.repeat(READ_BOUNDS.line * 2 + 10);
  const lines = boundedForReading(token).split('\n');
  expect(lines.map((l) => l.length)).toEqual([READ_BOUNDS.line, READ_BOUNDS.line, 10]);
});
