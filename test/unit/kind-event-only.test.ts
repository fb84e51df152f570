// Stop 26 (issue 14, kind): other mail the rules read as a request. The kind model may make other a request that rests on a
// device event alone (a new phone told in passing: thanks, a how-to, a phone that works), only when near certain. Shapes
// written for these tests, in fr, nl and en.
import { describe, expect, test } from 'vitest';
import { analyse } from '../../src/core/analyse.ts';
import { combinedIsRequest, modelMayRemove, REMOVE_BELOW, type KindModel } from '../../src/core/kind-model.ts';
import { inbound } from './message-builder.ts';

const read = (
  subject: string,
  text: string,
  kindModel?: { model: KindModel; combination: { chooser: 'combined'; margin: number; direction: 'adds-requests' } },
) =>
  analyse(inbound({ subject, text, inReplyTo: subject.startsWith('Re') ? '<rec-2026-000123.1@bpart.be>' : null }), {
    explain: true,
    ...(kindModel ? { kindModel } : {}),
  });

describe('the model’s one way back: a request that rests on a device event alone', () => {
  test('only a device event, no reset asked, no lock-out told, no thread reading: the model may decide', () => {
    expect(modelMayRemove(['text:2fa-term', 'text:2fa-lost-device'])).toBe(true);
    expect(modelMayRemove(['text:2fa-lost-device', 'text:phone-lost-app'])).toBe(true);
    expect(modelMayRemove(['text:2fa-term', 'text:2fa-lost-device', 'text:2fa-reset-ask'])).toBe(false);
    expect(modelMayRemove(['text:2fa-term', 'text:2fa-lost-device', 'text:access-problem'])).toBe(false);
    expect(modelMayRemove(['text:2fa-lost-device', 'text:device-event-in-2fa-thread'])).toBe(false);
    expect(modelMayRemove(['text:2fa-term', 'text:access-problem'])).toBe(false);
  });

  test('made other only below REMOVE_BELOW: a holder who says only "my phone is gone" keeps a ticket unless the model is near certain', () => {
    const eventOnly = ['text:2fa-term', 'text:2fa-lost-device'];
    expect(combinedIsRequest(true, REMOVE_BELOW - 0.01, 0.2, 'adds-requests', eventOnly)).toBe(false);
    expect(combinedIsRequest(true, REMOVE_BELOW + 0.01, 0.2, 'adds-requests', eventOnly)).toBe(true);
    expect(combinedIsRequest(true, 0.001, 0.2, 'adds-requests', [...eventOnly, 'text:2fa-reset-ask'])).toBe(true);
  });

  // A model sure of other whatever it reads (bias only), to show which readings it may touch and that --explain says so.
  const sureOfOther: KindModel = { features: 'text+signals', bias: -8, weights: {} };
  const combination = { chooser: 'combined' as const, margin: 0.2, direction: 'adds-requests' as const };

  test.each([
    ['en', 'New phone', 'My old phone broke last week and I bought a new one. How do we make two-factor authentication compulsory for our staff?'],
    [
      'fr',
      'Nouveau téléphone',
      "Mon ancien téléphone est cassé et j'en ai un nouveau. Comment faire pour activer la double authentification pour mes collègues ?",
    ],
    ['nl', 'Nieuwe gsm', 'Ik heb een nieuwe gsm gekregen van mijn werk. De app voor de tweestapsverificatie staat er al op en werkt.'],
  ])('%s: the rules read the event alone as a request; the model decides, and --explain shows it', (_lang, subject, text) => {
    const rules = analyse(inbound({ subject, text }), { kindModel: null });
    expect(rules.kind).toBe('recovery_request');
    expect(modelMayRemove(rules.reasons)).toBe(true);
    const combined = read(subject, text, { model: sureOfOther, combination });
    expect(combined.kind).toBe('other');
    expect(combined.reasons.some((r) => r.startsWith('model:other'))).toBe(true);
    expect(combined.kindModel?.overrode).toBe(true);
  });

  test.each([
    ['en', 'Lost my phone', 'My phone was stolen yesterday and the authenticator app was on it. Could you reset my 2FA please?'],
    ['fr', 'Téléphone perdu', "J'ai perdu mon téléphone avec l'application d'authentification et je ne peux plus me connecter."],
    ['nl', 'Gsm kwijt', 'Mijn gsm is gestolen en ik kan niet meer inloggen. Kunnen jullie mijn tweestapsverificatie resetten?'],
  ])('%s control: a reset asked or a lock-out told is never the model’s to undo', (_lang, subject, text) => {
    expect(read(subject, text, { model: sureOfOther, combination }).kind).toBe('recovery_request');
  });
});
