// The generic prose source: name spans standing where a body stands, whatever verb leads to them.

import { expect, test } from 'vitest';
import { proseSpanCandidates } from '../../src/core/fields/prose-spans.ts';

const values = (text: string) => proseSpanCandidates([text], ['bpart']).map((f) => f.value);

test('a span after a preposition of belonging, whatever the verb before it', () => {
  expect(values('Je bricole chez Menuiserie Lejeune depuis deux ans.')).toContain('Menuiserie Lejeune');
  expect(values('Ik doe de boekhouding bij Tuinclub De Egel sinds vorig jaar.')).toContain('Tuinclub De Egel');
  expect(values("I'm with Harbour Rowing Club, and I lost my phone.")).toContain('Harbour Rowing Club');
  expect(values('Ik ben Sam Claes, scriba van Hermes, de kring van de ingenieurs.')).toContain('Hermes');
});

test('a body placed by "in", "à", "au" only when marked as one (places are written the same way)', () => {
  expect(values('Ik zit in de Gemeenteraad van Lebbeke en gebruik Bpart.')).toContain('Gemeenteraad van Lebbeke');
  expect(values('Ik woon in Lebbeke.')).toEqual([]);
  expect(values('Je suis à Namur cette semaine.')).toEqual([]);
});

test('a quoted name after a kind of body', () => {
  expect(values('Je tiens la boulangerie « Le Bon Pain » à Dinant.')).toContain('Le Bon Pain');
  expect(values('He said "Not Now" twice.')).toEqual([]);
});

test('a marked span between commas or dashes', () => {
  expect(values('reset pls – Lien Goossens, KLJ Aalter, gsm gestolen')).toContain('KLJ Aalter');
});

test('a person, our own name and a role are no body', () => {
  expect(values('Ik werk samen met Jan Peeters aan de ledenlijst.')).toEqual([]);
  expect(values('I log in at Bpart every day.')).toEqual([]);
});

test('the sentence telling what happened names places of the event, not the writer’s body', () => {
  expect(values('My phone fell into the pool at the Hotel Miramar last week.')).toEqual([]);
  expect(values('Mijn gsm is gestolen tijdens de training van KV Mechelen.')).toEqual([]);
  // A list of parts in the same sentence still counts.
  expect(values('reset pls – Lien Goossens, KLJ Aalter, gsm gestolen')).toContain('KLJ Aalter');
});

test('loop 27b: a kind of body as the subject of "is" or "is called", then its name', () => {
  expect(values('I am a physiotherapist; my practice is Kine Centrum Zuid in Aalst.')).toContain('Kine Centrum Zuid');
  expect(values("Notre club s'appelle Les Aigles de Namur depuis 1970.")).toContain('Les Aigles de Namur');
  // Control: another noun as the subject names no body.
  expect(values('The problem is Microsoft Authenticator on my new phone.')).toEqual([]);
});

test('loop 27b: a quoted name after a kind phrase whose head stands a few words before the quote', () => {
  expect(values('Je coordonne le club de lecture "Les Pages Tournées" à Wavre.')).toContain('Les Pages Tournées');
  // Control: a quote after words that name no kind of body is a quote.
  expect(values('Mon fils m\'a dit "Papa Noël arrive" en riant.')).toEqual([]);
});

test('loop 27b: a body that tells the writer something is where they went, not the one they write for', () => {
  expect(values("La boutique Proximus de Namur dit qu'il faut tout réinstaller.")).toEqual([]);
  expect(values('The Apple Store Brussels told me the phone is lost for good.')).toEqual([]);
  // Control: the same body as the writer's is still read.
  expect(values('Je gère la boutique Proximus de Namur depuis 2019.')).toContain('Proximus de Namur');
});

test('loop 27b: what a person runs, named before the common noun it qualifies, is a body', () => {
  expect(values('My mother, who runs the Ter Beke campsite near Ieper, asked me to write.')).toContain('Ter Beke');
  expect(values('Il tient la Brasserie Dubois rénovée, à Spa.')).toContain('Brasserie Dubois');
  // Controls: the name closing no noun phrase, or a verb that runs nothing, add no span here.
  expect(values('I run the Ter Beke campsite reservations every day for guests.')).not.toContain('Ter Beke');
  expect(values('She visited the Ter Beke campsite near Ieper.')).not.toContain('Ter Beke');
});
