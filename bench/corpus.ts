// The bench's mail: realistic, deterministic (a seeded PRNG), made the way a receiving MX
// leaves it in the mailbox — a DKIM signature by the sender's domain (most of the time), and
// on top the trusted MX's Authentication-Results saying dmarc=pass, as test/support/mail.ts.
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import type { FieldName, Language, MessageKind } from '../src/core/message.ts';

export const BENCH_AUTHSERV = 'mx.bpart.test';
export const SUPPORT = 'support@bpart.test';
export const DKIM_SELECTOR = 'bench2026';

export interface Person {
  email: string;
  first: string;
  last: string;
  fullName: string;
  organisation: string;
  domain: string;
}

export interface BenchMessage {
  raw: Buffer;
  messageId: string;
  /** What the generator meant it to be (the pipeline's reading is compared with it). */
  kind: MessageKind;
  language: Language | null;
  missing: FieldName[];
  /** The account it comes from, when it is a request from a seeded account. */
  account: Person | null;
  shape: 'plain' | 'alternative' | 'html-only' | 'attachment';
  /** Whether an automatic answer is expected at the SMTP sink. */
  expectsReply: boolean;
}

export interface DkimKey {
  privateKey: string;
  /** The TXT record for <selector>._domainkey.<domain>. */
  record: string;
}

export function makeDkimKey(): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), record: `v=DKIM1; k=rsa; p=${spki}` };
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Sarah',
  'Jan',
  'Marie',
  'David',
  'An',
  'Pieter',
  'Claire',
  'Liam',
  'Olivia',
  'Wouter',
  'Julien',
  'Sofie',
  'Thomas',
  'Emma',
  'Lucas',
  'Nora',
  'Bram',
  'Camille',
  'Hugo',
  'Lotte',
  'Noah',
  'Élise',
  'Ruben',
  'Inès',
];
const LAST = [
  'Connor',
  'Peeters',
  'Dubois',
  'Okafor',
  'Janssens',
  'Maes',
  'Fontaine',
  'Walsh',
  'Bennett',
  'Claes',
  'Moreau',
  'Willems',
  'Lambert',
  'Goossens',
  'Dupont',
  'Wouters',
  'Mertens',
  'Lefèvre',
  'Jacobs',
  'Martin',
];
const ORG_EN = [
  'Northwind Traders',
  'Riverside Tennis Club',
  'Harbourview Dental Practice',
  'Bennett Consulting Ltd',
  'Greenfield Rowing Club',
  'Oakwood Primary PTA',
];
const ORG_FR = [
  'ASBL Les Amis',
  'Vélo Club Wavre ASBL',
  'SRL Boulangerie Dupont',
  'École des Devoirs de Namur ASBL',
  'Théâtre du Parc ASBL',
  'SRL Atelier Lambert',
];
const ORG_NL = ['Bakkerij Peeters BV', 'vzw Speelplein Zonnekind', 'VDB Bouw BV', 'Jeugdhuis De Warre vzw', 'Tennisclub Lier vzw', 'Fietsherstel Mertens BV'];
const ORGS: Record<Language, string[]> = { en: ORG_EN, fr: ORG_FR, nl: ORG_NL };

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Account holders: distinct addresses, one per request, so no request merges into another's ticket. */
export function makePeople(count: number, random: () => number, offset = 0): Person[] {
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const n = i + offset;
    const first = FIRST[Math.floor(random() * FIRST.length)]!;
    const last = LAST[Math.floor(random() * LAST.length)]!;
    const language = (['en', 'fr', 'nl'] as const)[n % 3]!;
    const organisation = ORGS[language][Math.floor(random() * ORGS[language].length)]!;
    const domain = `${slug(organisation)}-${n % 97}.example`;
    people.push({ email: `${slug(first)}.${slug(last)}.${n}@${domain}`, first, last, fullName: `${first} ${last}`, organisation, domain });
  }
  return people;
}

type Missing = FieldName | 'none';

function requestBody(language: Language, p: Person, missing: Missing, variant: number): string {
  const name = missing === 'fullName' ? null : p.fullName;
  const org = missing === 'organisation' ? null : p.organisation;
  const why = missing !== 'explanation';
  if (language === 'en') {
    const lines = ['Hello,', ''];
    if (why)
      lines.push(
        variant % 2
          ? 'My phone was stolen on Friday and the authenticator app was on it, so I am locked out of Bpart.'
          : 'I lost my phone last weekend and with it my authenticator app, so I can no longer log in.',
      );
    lines.push(
      why ? 'Could you please reset the two-factor authentication on my account?' : 'Could you please reset the two-factor authentication on my account?',
    );
    lines.push('');
    if (name && org) lines.push(`My name is ${name} and I manage the account of ${org}.`);
    else if (name) lines.push(`My name is ${name}.`);
    else if (org) lines.push(`I manage the account of ${org}.`);
    lines.push('', 'Best regards,', name ?? p.first, ...(org ? [org] : []));
    return lines.join('\n');
  }
  if (language === 'fr') {
    if (variant % 2 && name && org && why) {
      return [
        'Bonjour,',
        '',
        "Suite à la perte de mon téléphone, je n'ai plus accès à mon compte Bpart : l'application d'authentification était installée dessus.",
        'Voici les informations demandées :',
        '',
        `Nom complet : ${name}`,
        `Organisation : ${org}`,
        'Explication : mon téléphone a été volé samedi dans le train, avec Google Authenticator dessus.',
        '',
        "Merci d'avance pour votre aide.",
        '',
        'Envoyé de mon iPhone',
      ].join('\n');
    }
    const lines = ['Bonjour,', ''];
    if (name) lines.push(`Je m'appelle ${name}${org ? ` et je gère le compte de ${org}` : ''}.`);
    else if (org) lines.push(`Je suis la coordinatrice de ${org}.`);
    if (why) lines.push("Mon téléphone a été réinitialisé aux paramètres d'usine et l'application d'authentification a disparu avec.");
    lines.push('Merci de réinitialiser ma double authentification.', '', 'Bonne journée,', name ?? p.first);
    return lines.join('\n');
  }
  if (variant % 2 && name && org && why) {
    return [
      'Dag,',
      '',
      'Zoals gevraagd op jullie website:',
      '',
      `Naam: ${name}`,
      `Organisatie: ${org}`,
      'Uitleg: ik heb een nieuwe telefoon gekregen en de oude is teruggezet',
      'naar de fabrieksinstellingen, waardoor mijn verificatiecodes weg zijn.',
      '',
      'Vriendelijke groeten,',
      p.first,
    ].join('\n');
  }
  const lines = ['Goedemorgen,', ''];
  if (name) lines.push(`Mijn naam is ${name}${org ? `, ik ben zaakvoerder van ${org}` : ''}.`);
  else if (org) lines.push(`Ik ben voorzitter van ${org}.`);
  if (why) lines.push('Vorige week is mijn gsm gestolen en daarmee ook de authenticator-app. Ik kan dus niet meer inloggen op Bpart.');
  lines.push('Kunnen jullie de tweestapsverificatie resetten?', '', 'Met vriendelijke groeten,', name ?? p.first);
  return lines.join('\n');
}

const REQUEST_SUBJECT: Record<Language, string[]> = {
  en: ['Lost my 2FA device', "Can't log in - phone stolen", 'Please reset my two-factor authentication'],
  fr: ['Perte de mon téléphone', 'Réinitialisation double authentification', "Plus d'accès à mon compte"],
  nl: ['Geen toegang meer tot Bpart', 'Tweestapsverificatie resetten', 'Nieuwe gsm, geen codes meer'],
};

const OTHER: { language: Language; subject: string; body: (p: Person) => string }[] = [
  {
    language: 'en',
    subject: 'Invoice 2026-113',
    body: (p) => `Hello,\n\nCould you send me a copy of invoice 2026-113? Our accountant needs it before Friday.\n\nThanks,\n${p.fullName}\n${p.organisation}`,
  },
  {
    language: 'en',
    subject: 'Forgot my password',
    body: (p) => `Hi,\n\nI forgot my password and the reset mail does not arrive. Can you check?\n\nRegards,\n${p.fullName}`,
  },
  {
    language: 'fr',
    subject: 'Question sur la facturation',
    body: (p) => `Bonjour,\n\nPourriez-vous m'indiquer comment modifier l'adresse de facturation de notre compte ?\n\nMerci,\n${p.fullName}`,
  },
  {
    language: 'fr',
    subject: 'Mot de passe oublié',
    body: (p) => `Bonjour,\n\nJ'ai oublié mon mot de passe et je ne reçois pas le mail de réinitialisation.\n\nCordialement,\n${p.fullName}`,
  },
  {
    language: 'nl',
    subject: 'Hoe zet ik 2FA aan?',
    body: (p) => `Hallo,\n\nIk wil tweestapsverificatie inschakelen voor ons account, maar ik vind de optie niet. Waar staat die?\n\nGroeten,\n${p.fullName}`,
  },
  {
    language: 'nl',
    subject: 'Fout bij exporteren',
    body: (p) => `Dag,\n\nBij het exporteren van de ledenlijst krijg ik een foutmelding (code 500).\n\nMvg,\n${p.fullName}\n${p.organisation}`,
  },
];

const AUTO_REPLY: Record<Language, { subject: string; body: string }> = {
  en: {
    subject: 'Out of Office: Your message',
    body: 'I am out of the office until Monday 16 March with no access to email.\nFor urgent matters please contact the office.',
  },
  fr: {
    subject: 'Réponse automatique : absent(e) du bureau',
    body: "Je suis absente jusqu'au 16 mars et n'ai pas accès à mes e-mails.\nEn cas d'urgence, contactez le secrétariat.",
  },
  nl: {
    subject: 'Automatisch antwoord: Afwezig',
    body: 'Ik ben afwezig tot maandag 16 maart en lees mijn e-mail niet.\nVoor dringende zaken kunt u het secretariaat contacteren.',
  },
};

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
const toHtml = (text: string) =>
  `<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /></head><body style="font-family: Calibri, sans-serif">\n${text
    .split(/\n{2,}/)
    .map((para) => `<p>${escapeHtml(para).replace(/\n/g, '<br />\n')}</p>`)
    .join('\n')}\n</body></html>`;

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/** Deterministic filler bytes of a given size (an attachment's content). */
export function filler(size: number, random: () => number): Buffer {
  const out = Buffer.alloc(size);
  let x = Math.floor(random() * 0xffffffff) >>> 0;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, Math.min(i, size - 4));
  }
  return out;
}

const qp = (text: string) =>
  Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8')
    .toString('base64')
    .match(/.{1,76}/g)!
    .join('\r\n');

function mime(shape: BenchMessage['shape'], text: string, random: () => number, attachmentBytes: number): string[] {
  const boundary = `=_bench_${Math.floor(random() * 1e12).toString(36)}`;
  if (shape === 'plain') return ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', qp(text)];
  if (shape === 'html-only') return ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', qp(toHtml(text))];
  const alternative = (b: string) => [
    `Content-Type: multipart/alternative; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    qp(text),
    `--${b}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    qp(toHtml(text)),
    `--${b}--`,
  ];
  if (shape === 'alternative') return alternative(boundary);
  return [
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    'This is a multi-part message in MIME format.',
    `--${boundary}`,
    ...alternative(`${boundary}_alt`),
    `--${boundary}`,
    'Content-Type: application/pdf; name="screenshot-error.pdf"',
    'Content-Disposition: attachment; filename="screenshot-error.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(filler(attachmentBytes, random)),
    `--${boundary}--`,
  ];
}

// Dates a day before the run (whole hour), so that every message, also the 2,000th 20 h later,
// is in the past and younger than DKIM_MAX_AGE: a fixed date ages out and nothing authenticates.
const DATE_BASE = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 24 * 3_600_000;

function date(i: number): string {
  const d = new Date(DATE_BASE + i * 37_000);
  return d.toUTCString().replace('GMT', '+0000');
}

function bounceMessage(i: number, to: Person, random: () => number): string[] {
  const boundary = `${(1_000_000 + i).toString(36)}.bench/mx.bpart.test`;
  return [
    'Return-Path: <>',
    `Received: by ${BENCH_AUTHSERV} (Postfix); ${date(i)}`,
    `Date: ${date(i)}`,
    `From: MAILER-DAEMON@${BENCH_AUTHSERV} (Mail Delivery System)`,
    'Subject: Undelivered Mail Returned to Sender',
    `To: ${SUPPORT}`,
    'Auto-Submitted: auto-replied',
    `Message-ID: <bounce-${i}-${Math.floor(random() * 1e9)}@${BENCH_AUTHSERV}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `This is the mail system at host ${BENCH_AUTHSERV}.`,
    '',
    "I'm sorry to have to inform you that your message could not be delivered.",
    '',
    `<${to.email}>: host mx1.${to.domain} said: 550 5.1.1 User unknown`,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${BENCH_AUTHSERV}`,
    '',
    `Final-Recipient: rfc822; ${to.email}`,
    'Action: failed',
    'Status: 5.1.1',
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    `From: ${SUPPORT}`,
    `To: ${to.email}`,
    'Subject: [REC-2026-000001] Your 2FA reset request',
    '',
    `--${boundary}--`,
  ];
}

export interface CorpusOptions {
  count: number;
  seed: number;
  dkim: DkimKey;
  /** Bytes of the "1 MB" attachments. */
  attachmentBytes?: number;
}

export interface Corpus {
  messages: BenchMessage[];
  /** Accounts to seed: the senders of matched requests (and a few others). */
  accounts: Person[];
}

/**
 * The burst: ~45% recovery requests (fr/nl/en, ~1 in 3 with a field missing, a few from
 * no account), ~25% other mail, ~12% auto-replies, ~8% bounces, ~10% newsletters; about
 * 15% HTML-only and 3% with a 1 MB attachment; 80% DKIM-signed by the sender's domain.
 */
export async function makeCorpus({ count, seed, dkim, attachmentBytes = 1024 * 1024 }: CorpusOptions): Promise<Corpus> {
  const random = prng(seed);
  const people = makePeople(count, random);
  const messages: BenchMessage[] = [];
  const accounts: Person[] = [];
  for (let i = 0; i < count; i++) {
    const p = people[i]!;
    const language = (['en', 'fr', 'nl'] as const)[i % 3]!;
    const roll = random();
    const shapeRoll = random();
    const attach = random() < 0.03;
    const shape: BenchMessage['shape'] = attach ? 'attachment' : shapeRoll < 0.15 ? 'html-only' : shapeRoll < 0.55 ? 'alternative' : 'plain';
    const messageId = `<bench-${seed}-${i}@${p.domain}>`;
    let kind: MessageKind;
    let missing: FieldName[] = [];
    let account: Person | null = null;
    let expectsReply = false;
    let headers: string[];
    let body: string[];
    let lang: Language | null = language;
    let bodyShape = shape;
    if (roll < 0.45) {
      kind = 'recovery_request';
      const m: Missing = random() < 0.66 ? 'none' : (['fullName', 'organisation', 'explanation'] as const)[Math.floor(random() * 3)]!;
      missing = m === 'none' ? [] : [m];
      const unmatched = random() < 0.06;
      if (!unmatched) {
        account = p;
        accounts.push(p);
      }
      expectsReply = true; // an acknowledgement, a request for details, or the "write from your address" notice
      const subjects = REQUEST_SUBJECT[language];
      headers = [`From: ${p.fullName} <${p.email}>`, `To: ${SUPPORT}`, `Subject: ${encodeWord(subjects[i % subjects.length]!)}`];
      body = mime(shape, requestBody(language, p, m, Math.floor(random() * 4)), random, attachmentBytes);
    } else if (roll < 0.7) {
      kind = 'other';
      const o = OTHER[Math.floor(random() * OTHER.length)]!;
      lang = o.language;
      headers = [`From: ${p.fullName} <${p.email}>`, `To: ${SUPPORT}`, `Subject: ${encodeWord(o.subject)}`];
      body = mime(shape, o.body(p), random, attachmentBytes);
    } else if (roll < 0.8) {
      kind = 'other'; // a newsletter: a list, never answered
      lang = 'en';
      bodyShape = shape === 'plain' ? 'alternative' : shape;
      headers = [
        `From: Bpart Community <news@${p.domain}>`,
        `To: ${SUPPORT}`,
        'Subject: Our March newsletter',
        `List-Unsubscribe: <mailto:unsubscribe@${p.domain}>`,
        `List-Id: News <news.${p.domain}>`,
        'Precedence: bulk',
      ];
      body = mime(bodyShape, `Dear member,\n\nHere is what happened this month at ${p.organisation}.\n\nSee you soon,\nThe team`, random, attachmentBytes);
    } else if (roll < 0.92) {
      kind = 'auto_reply';
      const a = AUTO_REPLY[language];
      headers = [
        `From: ${p.fullName} <${p.email}>`,
        `To: ${SUPPORT}`,
        `Subject: ${encodeWord(a.subject)}`,
        'Auto-Submitted: auto-replied (vacation)',
        'X-Autoreply: yes',
        'Precedence: auto_reply',
        `In-Reply-To: <out-${i}@bpart.test>`,
      ];
      bodyShape = 'plain';
      body = mime(bodyShape, `${a.body}\n\n${p.first}`, random, attachmentBytes);
    } else {
      kind = 'bounce';
      const raw = Buffer.from([...bounceMessage(i, p, random), ''].join('\r\n'), 'utf8');
      messages.push({ raw, messageId: '', kind, language: null, missing: [], account: null, shape: 'plain', expectsReply: false });
      continue;
    }
    const message = [...headers, `Date: ${date(i)}`, `Message-ID: ${messageId}`, 'MIME-Version: 1.0', ...body, ''].join('\r\n');
    messages.push({
      raw: await delivered(message, p.domain, i, dkim, random() < 0.8),
      messageId,
      kind,
      language: lang,
      missing,
      account,
      shape: bodyShape,
      expectsReply,
    });
  }
  return { messages, accounts };
}

/** One complete recovery request from `p`, for the trickle and the big-message phase. */
export async function makeRequest(
  p: Person,
  tag: string,
  dkim: DkimKey,
  options: { attachmentBytes?: number; random?: () => number } = {},
): Promise<BenchMessage> {
  const language = (['en', 'fr', 'nl'] as const)[p.email.length % 3]!;
  const random = options.random ?? prng(p.email.length);
  const messageId = `<${tag}@${p.domain}>`;
  const shape: BenchMessage['shape'] = options.attachmentBytes ? 'attachment' : 'alternative';
  const body = mime(shape, requestBody(language, p, 'none', 0), random, options.attachmentBytes ?? 0);
  const message = [
    `From: ${p.fullName} <${p.email}>`,
    `To: ${SUPPORT}`,
    `Subject: ${encodeWord(REQUEST_SUBJECT[language][0]!)}`,
    `Date: ${date(0)}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    ...body,
    '',
  ].join('\r\n');
  return {
    raw: await delivered(message, p.domain, 0, dkim, true),
    messageId,
    kind: 'recovery_request',
    language,
    missing: [],
    account: p,
    shape,
    expectsReply: true,
  };
}

function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** What the MX leaves: (DKIM-Signature by the sender's domain +) Received + topmost Authentication-Results. */
async function delivered(message: string, domain: string, i: number, dkim: DkimKey, sign: boolean): Promise<Buffer> {
  let signature = '';
  if (sign) {
    const result = await dkimSign(message, { signatureData: [{ signingDomain: domain, selector: DKIM_SELECTOR, privateKey: dkim.privateKey }] } as never);
    signature = result.signatures;
  }
  const trace = [
    `Authentication-Results: ${BENCH_AUTHSERV}; dkim=${sign ? 'pass' : 'none'} header.d=${domain}; spf=pass smtp.mailfrom=${domain}; dmarc=pass header.from=${domain}`,
    `Received: from mail.${domain} (mail.${domain} [192.0.2.${(i % 250) + 1}]) by ${BENCH_AUTHSERV} (Postfix) with ESMTPS; ${date(i)}`,
    '',
  ].join('\r\n');
  return Buffer.from(trace + signature + message, 'utf8');
}
