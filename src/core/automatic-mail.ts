// Signs that a message was written by a machine: delivery status notifications
// (bounces) and automatic answers (out-of-office, vacation, read receipts).
// Each sign is a short reason string; classify() decides what they add up to.

import { LOOP_HEADER } from './auto-answer.ts';
import { headerValue, type InboundMessage } from './message.ts';
import { fold } from './text-tools.ts';

const DSN_SUBJECT = new RegExp(
  [
    'undeliver(ed|able)',
    'returned mail',
    'returned to sender',
    'delivery (status notification|failure|failed|has failed|problem|report|notification)',
    'mail delivery (failed|failure|subsystem|system)',
    'failure notice',
    'could not (be delivered|send message)',
    'message (not delivered|could not be delivered|delivery failed)',
    'non[- ]?delivery',
    'nondeliverable',
    'delivery (delayed|has been delayed)',
    'warning: message .{0,40}delayed',
    'mail system error',
    '^non remis',
    'non distribuable',
    'echec (de la )?(remise|distribution)',
    'remise (differee|impossible)',
    'message non (remis|delivre|distribue)',
    'notification d.etat de (la )?(remise|distribution)',
    'onbestelbaar',
    'niet (bezorgd|afgeleverd)',
    'kan niet worden (bezorgd|afgeleverd)',
    'bezorging (mislukt|vertraagd)',
    'afleverings?(status|rapport)',
    'unzustellbar',
    'benachrichtigung? +zum +.{0,12}bermittlungsstatus',
    'zustellung (fehlgeschlagen|verzogert)',
    'notificacion de estado de entrega',
    'mail returned',
    'delivery notification',
  ].join('|'),
);

const DSN_BODY =
  /(this is the mail system at host|delivery to the following recipients? (failed|has been delayed)|could not be delivered to one or more recipients|your message (could not|wasn't|was not) (be )?delivered|the following (message|address(es)?) (could not|had permanent fatal errors)|a message that you sent could not be delivered|permanent error|status: [45]\.\d+\.\d+|diagnostic-code:|final-recipient:|votre message n'a pas pu etre remis|uw bericht kan niet worden bezorgd|uw bericht is niet bezorgd)/;

const OOF_SUBJECT = new RegExp(
  [
    'out of (the )?office',
    'automatic reply',
    'auto(matic)?[- ]?(reply|response|answer|antwort)',
    'autoreply',
    'on (vacation|holiday|leave)',
    '\\bvacation\\b',
    '\\babsence\\b',
    '\\babsente?\\b',
    'reponse automatique',
    'message automatique',
    'en conge',
    'afwezig',
    'automatisch antwoord',
    'automatisch bericht',
    'niet op kantoor',
    'met verlof',
    'abwesenheit',
    'automatische antwort',
    'ausser haus|auber haus',
    'automatyczna odpowiedz',
    'respuesta automatica',
    'risposta automatica',
    'resposta automatica',
    'fuera de la oficina',
    'autosvar|automatisk svar',
  ].join('|'),
);

// Exchange, Gmail and most vacation responders put this before the original
// subject: on its own it is as reliable as a header.
const OOF_PREFIX =
  /^(automatic reply|auto(matic)?[- ]?reply|autoreply|auto[- ]?response|out of (the )?office( reply| autoreply)?|reponse automatique|absence du bureau|message d'absence|automatisch antwoord|afwezig(heid)?( ?(melding|bericht))?|abwesenheitsnotiz|automatische antwort|automatyczna odpowiedz|respuesta automatica|risposta automatica|resposta automatica|autosvar)\s*:/;

// Read receipts are automatic answers too (RFC 8098 and the common subjects).
const RECEIPT_SUBJECT = /^(read|lu|gelezen|gelesen|delivered|remis|bezorgd|not read|non lu|niet gelezen)\s*:/;

const OOF_BODY = new RegExp(
  [
    // Not an absence in a clause of time or condition: "I don't want to end up locked out while I'm away" is a person
    // asking before they leave, "pendant que je suis en vacances" the same.
    String.raw`(?<!\b(while|whilst|when|if|as long as|until) )\b(i am|i'm|i will be)( currently)? (out of (the )?office|away|on (annual )?(leave|vacation|holiday)|absent)`,
    String.raw`(?<!\b(pendant que|quand|lorsque|si|tant que) )\bje suis (actuellement |absente? |en conge|en vacances)`,
    String.raw`\bje serai (absente?|en conge|de retour)`,
    String.raw`\bik ben (momenteel |tijdelijk |vandaag )?(afwezig|met verlof|op vakantie|niet op kantoor|niet bereikbaar)`,
    String.raw`\b(this is an automat(ic|ed)|ceci est une reponse automatique|ceci est un message automatique|dit is een automatisch)`,
    // Said at the end rather than the start: "Ce message est envoyé automatiquement", "This message was sent automatically",
    // "Dit bericht werd automatisch verzonden".
    String.raw`\b(this|cet|ce) (e-?mail|message|courriel|reply|answer) (is|was|has been|est|a ete) (sent |generated |envoye |genere )?(automatically|automatiquement)\b`,
    String.raw`\b(dit|deze) (e-?mail|bericht|mail|antwoord) (is|werd|wordt) automatisch (verzonden|verstuurd|gegenereerd|aangemaakt)\b`,
    String.raw`\b(sent|generated) (automatically|by (an|our) (automated|ticketing|helpdesk) system)\b|\benvoye automatiquement\b|\bautomatisch (verzonden|verstuurd|gegenereerd)\b`,
    // A desk that logs mail as a ticket: "Your request has been logged as #4821", "votre demande a été enregistrée sous le numéro".
    String.raw`\b(your|votre|uw) (request|ticket|demande|message|aanvraag|vraag|melding) (has been|was|a ete|is|werd) (logged|registered|received|created|enregistree?|recue?|geregistreerd|ontvangen|aangemaakt) (as|under|with|sous|onder|met) (number |le numero |nummer |reference |ticket )?#?`,
    // Closed for a period, mail read "on our return": "sera traité à notre retour", "will be dealt with on our return".
    String.raw`\b(traite|traitee|lu|lue) (a|des) (notre|mon) retour\b|\b(dealt with|handled|answered|read|processed) (on|upon|after|when) (my|our) return\b|\b(behandeld|gelezen|beantwoord) (na|bij) (mijn|onze) (terugkeer|terugkomst)\b`,
  ].join('|'),
);

function headers(message: InboundMessage, name: string): string[] {
  return message.headers[name] ?? [];
}

function localPart(address: string): string {
  return address.split('@')[0] ?? '';
}

// A subject a person answers or forwards ("Fwd: Undeliverable: Lost my phone", "RE: Mail delivery
// failed"): the bounce's words are the quoted mail's, not this one's. A delivery report puts its own
// words first ("Undeliverable: RE: …", "Non remis : RE: …").
const PERSONS_PREFIX = /^\s*(re|fwd?|tr|wg|aw|antw|doorst|rv|sv|vs|vb|pd|i)\s*(\[\d+\])?\s*:/;

export function bounceSigns(message: InboundMessage): string[] {
  const reasons: string[] = [];
  const contentType = fold(headerValue(message, 'content-type') ?? '');
  const reportType = /report-type\s*=\s*"?([\w-]+)/.exec(contentType)?.[1] ?? '';
  if (message.contentType === 'multipart/report' && reportType !== 'disposition-notification') {
    reasons.push(`mime:multipart-report${reportType ? `-${reportType}` : ''}`);
  }
  // A report passed on under a person's prefix is the forwarded mail's (the holder forwarding a
  // bounce, real or Eve's, with their own words above it), as for the subject below.
  const subject = fold(message.subject);
  const persons = PERSONS_PREFIX.test(subject);
  if (!persons && message.attachments.some((a) => /^message\/(global-)?delivery-status$/.test(a.contentType))) {
    reasons.push('mime:delivery-status');
  }
  const from = message.from[0];
  if (from && /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)$/.test(localPart(from.address))) {
    reasons.push('from:mailer-daemon');
  } else if (from?.name && /^(mail delivery (subsystem|system|service)|mailer-daemon|postmaster|microsoft outlook)$/.test(fold(from.name))) {
    reasons.push('from:mailer-daemon-name');
  }
  if (headers(message, 'x-failed-recipients').length > 0) reasons.push('header:x-failed-recipients');
  if (DSN_SUBJECT.test(subject) && !persons) reasons.push('subject:dsn');
  if (message.returnPath === '' && DSN_BODY.test(fold(message.text.slice(0, 4000)))) reasons.push('text:dsn');
  return reasons;
}

/**
 * Whether the signs add up to a bounce. Every sign counts on its own except a
 * "Mail Delivery System"-like display name, which anyone can type.
 */
export function isStrongBounce(reasons: string[]): boolean {
  return reasons.some((r) => r !== 'from:mailer-daemon-name') || reasons.length >= 2;
}

// Our own replies have Message-IDs of this shape (core/message-id.ts); with the loop marker,
// they tell our mail coming back (a redirect, a forwarding loop) even when a relay stripped
// Auto-Submitted. Only we write either, and anyone adding them only stops their own message.
const OUR_MESSAGE_ID = /^<?rd\.(?:REC-\d{4}-\d{6,}|none)\.[A-Za-z0-9_-]+\.[0-9a-f]{32}@[^>\s]+>?$/i;

export interface AutoReplySigns {
  /** Headers that mean "automatic answer" on their own. */
  strong: string[];
  /** Headers that mean "sent by a program", which a rule-forwarded human mail can carry too. */
  weak: string[];
  /** Out-of-office / receipt wording in the subject or the text. */
  wording: string[];
}

export function autoReplySigns(message: InboundMessage, own: string): AutoReplySigns {
  const strong: string[] = [];
  const weak: string[] = [];
  const wording: string[] = [];
  const autoSubmitted = fold(headerValue(message, 'auto-submitted') ?? '').trim();
  if (autoSubmitted.startsWith('auto-replied')) strong.push('header:auto-submitted');
  else if (autoSubmitted && !autoSubmitted.startsWith('no')) weak.push('header:auto-submitted');
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autorespond-from', 'x-autoreply-from', 'x-mail-autoreply', 'x-vacation']) {
    if (headers(message, name).length > 0) strong.push(`header:${name}`);
  }
  if (headers(message, LOOP_HEADER).length > 0) strong.push('header:loop-marker');
  if (OUR_MESSAGE_ID.test((message.messageId ?? '').trim())) strong.push('message-id:ours');
  const precedence = fold(headerValue(message, 'precedence') ?? '').trim();
  if (precedence === 'auto_reply' || precedence === 'auto-reply') strong.push('header:precedence-auto-reply');
  if (/^reply$/i.test(headerValue(message, 'x-autogenerated') ?? '')) strong.push('header:x-autogenerated');
  if (/autoresponder|autoreply/i.test(headerValue(message, 'x-post-messageclass') ?? '')) strong.push('header:x-post-messageclass');
  if (headers(message, 'x-auto-response-suppress').length > 0) weak.push('header:x-auto-response-suppress');
  if (/^(bulk|junk|list)$/.test(precedence)) weak.push(`header:precedence-${precedence}`);
  // People's mail has a return path; RFC 3834 responders and other programs send with <>.
  if (message.returnPath === '') weak.push('return-path:null');
  if (fold(headerValue(message, 'content-type') ?? '').includes('disposition-notification')) strong.push('mime:disposition-notification');
  const subject = fold(message.subject).trim();
  if (OOF_PREFIX.test(subject)) strong.push('subject:auto-reply-prefix');
  // Behind a person's "Re:"/"AW:"/"Fwd:" the words are the answered mail's subject, which its
  // sender chose: Eve titles her mail "Automatic reply: [REC-…] …" and the holder's "I did not
  // ask for this" under "Re: Automatic reply: …" must stay the holder's voice (SPEC §6 rule 15).
  // A responder's own out-of-office text is still read below.
  else if (OOF_SUBJECT.test(subject) && !PERSONS_PREFIX.test(subject)) wording.push('subject:out-of-office');
  // "Read:"/"Gelezen:"/"Lu :" before a subject is what receipt generators write, not people.
  if (RECEIPT_SUBJECT.test(subject)) strong.push('subject:read-receipt');
  // Only short texts: a long message that mentions being away is a person writing.
  if (own.length < 1500 && OOF_BODY.test(fold(own))) wording.push('text:out-of-office');
  return { strong, weak, wording };
}
