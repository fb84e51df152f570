// The writer saying who they are outside any signature: in the greeting line
// ("Bonjour, ici Marc Dupuis de …", "Hoi, met Jan Peeters van …", "Hello, Priya
// Nair here, from the …"), as a name in apposition at a sentence's start ("Ruben
// De Wilde, bestuurder van …", "Damien Pirson, pour le …"), or signed at the end
// of a one-paragraph mail ("…, d'avance merci, Olivier Renard"); and the body
// further on in a role statement's clause or named with the account.

import type { Mailbox } from '../message.ts';
import { fold } from '../text-tools.ts';
import { corroborated, grabLowerName, grabName, isFullName, TITLE_ARTICLE, withoutHonorific } from './names.ts';
import { grabOrganisation, hasBodyMarker, isBodyWord } from './organisations.ts';
import { isRoleWord } from './roles.ts';

/** A value and the sentence it was read from (the same shape as prose.ts's, which imports this file). */
export interface Found {
  value: string;
  snippet: string;
}

// A greeting and whatever it addresses, up to its comma: "Bonjour", "Beste mensen van X,", "Hi there,".
const GREETING_PREFIX =
  /^(?:(?:bonjour|bonsoir|salut|hello|hi|hey|hallo|hoi|dag|goedemorgen|goeiemorgen|goedemiddag|goeiemiddag|goedenavond|goeienavond|goedendag|good (?:morning|afternoon|evening|day)|greetings|beste|dear|cher|ch[èe]re|madame|monsieur|geachte)\b[^,.!?:;–—]{0,40}(?:[,!:]|\s[–—-])\s*|(?:bonjour|salut|hello|hi|hey|hallo|hoi|dag|goedemorgen|goeiemorgen|goedemiddag|goeiemiddag|goedendag)\s+(?=(?:ici|hier is|this is|it['’]s|here['’]s|c['’]est|met)\s)|(?:sorry|pardon|d[ée]sol[ée]e?|excuses?)[^,.!?:;]{0,40}[,!:]\s*)*/iu;
// Words that introduce oneself before the name ("met" is the Dutch telephone "speaking"). Dictated text greets without
// a comma ("hallo met Guy Wouters van …", "bonjour ici Marc …"): a greeting right before one of them is a greeting too.
const INTRO_LEAD = /^(?:ici|hier is|this is|it['’]s|here['’]s|c['’]est|moi,? c['’]est|met)\s+/iu;
// What links a person to a body right after their name.
export const BODY_LINK =
  /^(?:pour|for|voor|namens|on behalf of|au nom de|from|of|van|de la|de l['’]|du|des|de|d['’]|bij|at|chez|uit|with)(?=[\s'’])\s*(?:(?:the|de|het|le|la|les|l['’])\s+|l['’])?/iu;

const CALL_TO_ACTION = /^(?:click|tap|press|see|read|sign|log|start|klik|druk|lees|kijk|cliquez|clique|appuyez|voir|lisez)$/i;

interface Introduction {
  /** The writer's name as introduced; a first name alone ("Tom here, from the …") when `full` is false. */
  name: string;
  full: boolean;
  /** What follows the name in the sentence ("de la Fanfare Royale …", ", bestuurder van …"). */
  after: string;
  snippet: string;
  /** How the name was introduced: after a lead word, followed by "here", in apposition before a role or a body, or straight before a body. */
  form: 'lead' | 'here' | 'apposition' | 'link';
}

const letters = (text: string) =>
  text
    .replace(/[^\p{L}\s'’-]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();

/** What follows the name at the start of a text ("Dr. Anne Petit, de la …" → ", de la …"), or null when the text does not start with it. */
function textAfterName(text: string, name: string): string | null {
  const words = [...text.matchAll(/\S+/g)].slice(0, name.split(/\s+/).length);
  const last = words[words.length - 1];
  if (!last || letters(words.map((w) => w[0]).join(' ')) !== letters(name)) return null;
  const bare = last[0].replace(/[,;:!?)]+$/, '').replace(/(?<=\p{L}{2,})\.$/u, '');
  return text.slice(last.index + bare.length);
}

// Lead words that open other sentences as often ("It's Monday", "met plezier"): only in the greeting line or the first sentence.
const WEAK_LEAD = /^(?:it['’]s|here['’]s|met)\s/iu;

function introductionIn(sentence: string, first: boolean): Introduction | null {
  const body = sentence.replace(GREETING_PREFIX, '');
  const greeted = body.length < sentence.length;
  const lead = INTRO_LEAD.exec(body);
  if (lead && WEAK_LEAD.test(lead[0]) && !greeted && !first) return null;
  const start = lead ? body.slice(lead[0].length) : body;
  const text = start.replace(TITLE_ARTICLE, '');
  // A name starts with a capital (or "d'"/"l'" before one); the first words are all grabName reads.
  if (!/^(?:[dl]['’])?\p{Lu}/u.test(text)) return null;
  const full = grabName(/^(?:\S+\s+){0,11}\S*/u.exec(text)![0]);
  // "Tom here, from the Riverside Rowing Club", "Hier is Jan, van de Chiro Lede": a first name introduces the writer too (the body only).
  const given = full ? null : (lead ? /^(\p{Lu}[\p{Ll}'’-]+)(?=[\s,])/u : /^(\p{Lu}[\p{Ll}'’-]+)(?=\s*,?\s*(?:here|hier)\b)/u).exec(text)?.[1];
  const name = full ?? given;
  const after = name ? textAfterName(text, name) : null;
  if (!name || after === null) return null;
  const intro = (a: string, form: Introduction['form']): Introduction => ({ name, full: Boolean(full), after: a, snippet: sentence, form });
  if (lead && (full || !/^\s*,?\s*(?:here|hier|ici)\b/iu.test(after))) return intro(after, 'lead');
  // "Priya Nair here", "Jan Peeters hier", "Marie Dubois ici".
  const here = /^\s*,?\s*(?:here|hier|ici)\b\s*[,.]?\s*/iu.exec(after);
  // "… Advantage Click here", "Klik hier": a link's call to action, not a name.
  if (here && !CALL_TO_ACTION.test(name.split(/\s+/).pop()!)) return intro(after.slice(here[0].length), 'here');
  if (!full) return null;
  // "Ruben De Wilde, bestuurder van …", "Damien Pirson, pour le Brass Band …": a role or a link to a body after the comma.
  const apposition = /^\s*,\s*/.exec(after);
  if (apposition) {
    const rest = after.slice(apposition[0].length);
    const word = rest.split(/\s+/)[0] ?? '';
    return isRoleWord(word) || BODY_LINK.test(rest) ? intro(rest, 'apposition') : null;
  }
  // "Bonjour, Marie Leroy de l'Harmonie Royale de Ciney.": the name straight before a link, counted only when a body follows.
  // "Jan Peeters van Chiro Lede gaf me uw adres" speaks of someone else: the body must close the clause.
  const link = BODY_LINK.exec(after.trimStart());
  if (link && /^\s/.test(after)) {
    const rest = after.trimStart().slice(link[0].length);
    const org = grabOrganisation(rest);
    // "Mark Evans from Evans Plumbing Ltd here.": "here" may close it too.
    const closes = org !== null && rest.startsWith(org) && /^\s*(?:(?:here|hier|ici)\b)?\s*(?:[.,;:!?]|$)/iu.test(rest.slice(org.length));
    if (org && closes && hasBodyMarker(org)) return intro(after, 'link');
  }
  return null;
}

/** The writer's own full name as they introduce themself in a sentence (greeting line, apposition). */
export function introducedName(sentences: string[]): Found | null {
  for (const [i, sentence] of sentences.entries()) {
    const intro = introductionIn(sentence, i === 0);
    if (intro?.full) return { value: intro.name, snippet: intro.snippet };
  }
  return null;
}

// Lead words before a name typed in lower case ("je suis patrick lemaire", "hi, kate morris here").
const LOWER_LEAD = /^(?:ici|hier is|this is|it['’]s|je suis|moi c['’]est|c['’]est|i am|i['’]m|ik ben|met)\s+/iu;

/**
 * A name typed in lower case as the writer introduces themself in the first sentences ("bonjour je suis
 * patrick lemaire de …", "hi, kate morris here, i do …"), taken only when the From mailbox bears it out.
 */
export function introducedLowerName(sentences: string[], sender: Mailbox | null): Found | null {
  for (const sentence of sentences.slice(0, 2)) {
    const body = sentence.replace(GREETING_PREFIX, '');
    const lead = LOWER_LEAD.exec(body);
    const start = lead ? body.slice(lead[0].length) : body;
    const candidate = grabLowerName(start.replace(/,/g, ' , '));
    if (!candidate) continue;
    const after = start.slice(start.indexOf(candidate.split(' ').pop()!) + candidate.split(' ').pop()!.length);
    if (!lead && !/^\s*,?\s*(?:here|hier|ici)\b/iu.test(after)) continue;
    const name = signed(candidate, sender);
    if (name) return { value: name, snippet: sentence };
  }
  return null;
}

/** The body named right after a self-introduction: "ici Marc Dupuis de la Fanfare X", "Priya Nair here, from the Y". */
export function introducedOrganisations(sentences: string[]): Found[] {
  const out: Found[] = [];
  for (const [i, sentence] of sentences.entries()) {
    const intro = introductionIn(sentence, i === 0);
    if (!intro) continue;
    // A role may stand between the name and the link: ", secrétaire du …", ", bestuurder van …".
    let rest = intro.after.replace(/^\s*,?\s*/, '');
    const words = rest.split(/\s+/);
    let skipped = 0;
    while (skipped < 3 && words[skipped] && isRoleWord(words[skipped]!)) skipped++;
    if (skipped > 0) rest = words.slice(skipped).join(' ');
    const link = BODY_LINK.exec(rest);
    // "Karen De Smet, secretaris Davidsfonds Tielt": after a role, the body may follow with no link word.
    if (!link) {
      const direct = skipped > 0 ? grabOrganisation(rest) : null;
      if (direct && hasBodyMarker(direct)) out.push({ value: direct, snippet: intro.snippet });
      continue;
    }
    const org = grabOrganisation(rest.slice(link[0].length));
    if (!org) continue;
    // "Jan Peeters van Gent", "Marie Dubois de Namur": a place as often as a body, unless marked as a body;
    // after "here" or a comma, two capitalised words behind an article name a body ("pour le Brass Band X").
    const capitalisedWords = org.split(/\s+/).filter((t) => /^\p{Lu}/u.test(t)).length;
    const article = /(?:\b(?:the|de|het|le|la|les)\s+|l['’])$/iu.test(link[0]);
    if (hasBodyMarker(org) || (intro.form !== 'lead' && capitalisedWords >= 2 && (article || !isFullName(org))))
      out.push({ value: org, snippet: intro.snippet });
  }
  return out;
}

// Closings people type inside the last sentence of a one-paragraph mail.
export const CLOSING_WORDS =
  /\b(?:merci|remerci\w*|thanks|thank you|thx|cheers|dank\w*|bedankt|groet\w*|groeten|regards|salutations?|cordialement|amicalement|sincerely|faithfully|hoogachtend|mvg|bises|best wishes|all the best|take care|[àa] bient[ôo]t|tot (?:straks|later|ziens)|grtz)\b/iu;
const CLOSING_THEN_NAME =
  /^(?:(?:met )?(?:vriendelijke |hartelijke |beste |warme |veel )?groet(?:en|jes)?|mvg|grtz|cheers|thanks|thank you|many thanks|regards|kind regards|best(?: wishes| regards)?|cordialement|amicalement|merci(?: beaucoup| bien)?|bedankt|dank (?:u|je)(?: wel)?|bises)\s+/iu;

/**
 * The name signed at the end of the writer's last sentence, after a closing on the
 * same line: "…, d'avance merci, Olivier Renard", "…, groeten Koen Verhaeghe",
 * "… cheers liam obrien" (in lower case only when the From mailbox bears it out).
 * A first name alone ("Mvg, Jan") signs no full name.
 */
export function signedAtEnd(sentences: string[], sender: Mailbox | null): Found | null {
  const last = sentences[sentences.length - 1];
  if (!last) return null;
  const parts = last.replace(/[.!]+$/, '').split(/\s*,\s*/);
  // "…, merci, Olivier Renard, échevin des sports": a role or a body may follow the name.
  let end = parts.length - 1;
  while (end > 0 && parts.length - 1 - end < 2 && isRoleOrBody(parts[end]!)) end--;
  for (const k of new Set([parts.length - 1, end])) {
    const tail = parts[k]!.trim();
    // "…, d'avance merci. Olivier Renard": the name alone as the last sentence, the closing ending the one before.
    const previous = sentences.length > 1 ? sentences[sentences.length - 2]!.split(/\s*,\s*/).pop()! : '';
    const before = k > 0 ? parts[k - 1]! : previous;
    // "d'avance merci, Olivier Renard", "thanks, dan murphy": a closing in the clause before, the name alone after it.
    if (before !== '' && CLOSING_WORDS.test(before) && before.split(/\s+/).length <= 8) {
      const name = signed(tail, sender);
      if (name) return { value: name, snippet: last };
    }
    // "groeten Koen Verhaeghe", "cheers liam obrien": the closing and the name in one clause.
    const closing = CLOSING_THEN_NAME.exec(tail);
    if (closing) {
      const name = signed(tail.slice(closing[0].length), sender);
      if (name) return { value: name, snippet: last };
    }
  }
  // "2fa reset pls – Tom Maes, KSA Ninove, gsm kapot": a one-line mail signed inside its list of parts, the
  // part being the writer's From name and spelt by their own mailbox ("tommaes2004@…"), which tells a
  // person's part from a body's ("Helping Hands Leuven <contact@…>").
  const display = sender?.name ? fold(sender.name).replace(/\s+/g, ' ').trim() : '';
  const mailbox = fold(sender?.address.split('@')[0] ?? '').replace(/[^a-z]/g, '');
  if (display && display.includes(' ')) {
    for (const part of last.split(/\s*[,;|–—]\s*|\s+-\s+/)) {
      if (fold(part).replace(/\s+/g, ' ').trim() !== display) continue;
      const words = display.split(/[^a-z]+/).filter((w) => w.length >= 2);
      if (!words.every((w) => mailbox.includes(w))) continue;
      const name = signed(part, sender);
      if (name) return { value: name, snippet: last };
    }
  }
  return null;
}

function isRoleOrBody(part: string): boolean {
  const words = part.trim().split(/\s+/);
  return words.length <= 6 && (isRoleWord(words[0]!) || hasBodyMarker(part));
}

/** The whole text is a full name: capitalised, or in lower case when the From mailbox bears it out. */
function signed(text: string, sender: Mailbox | null): string | null {
  const t = withoutHonorific(text.trim());
  const name = grabName(t);
  if (name && letters(name) === letters(t)) return name;
  const lower = grabLowerName(t);
  if (!lower || lower !== t || !corroborated(lower, sender)) return null;
  // "de leiding", "the office", "la direction": a group or a role signing, not a person.
  const tokens = lower.split(/\s+/);
  if (/^(?:de|het|la|le|les|the|l['’])$/.test(tokens[0]!) || tokens.some((w) => isRoleWord(w) || isBodyWord(w, true))) return null;
  return lower;
}

// The writer placing themself in a long sentence: a statement, a role, then the body further on in
// the same clause ("je suis responsable des réservations de salles au service des sports de la Ville
// de Wavre et …", "ik ben vrijwilliger in de keuken van het Buurthuis De Linde"). Only a body-marked name counts.
const SELF_ROLE = /\b(?:je suis|ik ben|i['’]m|i am|je travaille comme|ik werk als|i work as)\s+(?:le |la |l['’]|un |une |de |een |the |a |an )?/giu;
const CLAUSE_END = /[,;:()]|\s(?:et|en|and|mais|maar|but|or|ou|want|car|omdat|because|donc|dus|so|sinds|depuis|since)\s/iu;
const LINK_BEFORE_NAME =
  /(?:^|\s)(?:de la|de l['’]|du|des|de|d['’]|van de|van het|van|bij|at|for|of|voor|pour|chez|au|aux|[àa] la|[àa] l['’]|in de|in het|in|within|within the)\s+(?:the |de |het |le |la |les |l['’])?(?=[\p{Lu}])|(?:^|\s)(?:d['’]|l['’])(?=[\p{Lu}])/gu;

// A duty said with its verb, which is the role itself: "I coordinate the volunteers at …", "je gère les inscriptions
// du …", "ik beheer de ledenlijst van …", "we run the bar for …"; and "we are the owners of …", "nous sommes les gérants du …".
const SELF_DUTY =
  /\b(?:(?:i|we)\s+(?:also\s+)?(?:coordinate|manage|run|chair|lead|head|look after|handle|organi[sz]e|administer|keep|do)|je\s+(?:coordonne|g[èe]re|dirige|pr[ée]side|m['’]occupe\s+(?:de|des|du)|tiens|organise|administre)|nous\s+(?:g[ée]rons|dirigeons|tenons|organisons)|ik\s+(?:co[öo]rdineer|beheer|leid|zorg\s+voor|doe|organiseer|houd|hou)|we\s+(?:beheren|leiden|runnen|organiseren|houden)|(?:we\s+are|we['’]re|nous\s+sommes|wij\s+zijn|we\s+zijn)\s+(?:the|les|de)\s+\p{L}+)\s+/giu;

// What one owns or runs is a body, never a person: "we are the owners of …", "les gérants du …", "de uitbaters van …".
const OWNING = /(?:owners?|managers?|proprietors?|propri[ée]taires?|g[ée]rants?|exploitants?|eigenaars?|uitbaters?|beheerders?)\s+$/iu;

// After a duty's verb, a body marked as one, or a capitalised name of two words or more behind an article
// ("at the Riverside Help Desk") or after what one owns ("owners of Camping Het Bos"): people take neither.
function firstBodyInClause(after: string, lead: string): string | null {
  const end = CLAUSE_END.exec(after);
  const clause = end ? after.slice(0, end.index) : after;
  LINK_BEFORE_NAME.lastIndex = 0;
  for (let l = LINK_BEFORE_NAME.exec(clause); l; l = LINK_BEFORE_NAME.exec(clause)) {
    const org = grabOrganisation(after.slice(l.index + l[0].length));
    if (!org) continue;
    const capitalised = org.split(/\s+/).filter((t) => /^\p{Lu}/u.test(t)).length;
    const article = /(?:\b(?:the|de|het|le|la|les)\s+|l['’])$/iu.test(l[0]);
    const owned = OWNING.test(`${lead}${after.slice(0, l.index)} `.replace(/\s+$/, ' '));
    const joined = /\s(?:and|et|en|&)\s/iu.test(org);
    if (hasBodyMarker(org) || (capitalised >= 2 && !joined && (article || owned))) return org;
  }
  return null;
}

export function roleClauseOrganisations(sentences: string[]): Found[] {
  const out: Found[] = [];
  for (const sentence of sentences) {
    SELF_DUTY.lastIndex = 0;
    const duty = SELF_DUTY.exec(sentence);
    const dutyBody = duty ? firstBodyInClause(sentence.slice(duty.index + duty[0].length), duty[0]) : null;
    if (dutyBody) {
      out.push({ value: dutyBody, snippet: sentence });
      continue;
    }
    SELF_ROLE.lastIndex = 0;
    for (let m = SELF_ROLE.exec(sentence); m; m = SELF_ROLE.exec(sentence)) {
      const after = sentence.slice(m.index + m[0].length);
      const words = after.split(/\s+/);
      // A role among the first words: "responsable des réservations", "volunteer box office manager".
      if (!words.slice(0, 4).some((w) => isRoleWord(w))) continue;
      const end = CLAUSE_END.exec(after);
      const clause = end ? after.slice(0, end.index) : after;
      LINK_BEFORE_NAME.lastIndex = 0;
      for (let l = LINK_BEFORE_NAME.exec(clause); l; l = LINK_BEFORE_NAME.exec(clause)) {
        const org = grabOrganisation(after.slice(l.index + l[0].length));
        if (org && hasBodyMarker(org)) {
          out.push({ value: org, snippet: sentence });
          break;
        }
      }
    }
  }
  return out;
}

// The account named by its body: "reset the two-factor for the Riverside Rowing Club account",
// "de tweestapsverificatie van de account van Schaakkring Lier", "le compte de la Chorale Saint-Jean".
const NAMED_ACCOUNT_BEFORE =
  /\b(?:[Tt]he|[Oo]ur|[Mm]y)\s+((?:[\p{Lu}\d][\p{L}\d'’&.-]*\s+)(?:(?:[\p{Lu}\d][\p{L}\d'’&.-]*|of|and|&|de|du|des|van|the|for)\s+){0,6})(?:account|profile|login|subscription)\b/gu;
const NAMED_ACCOUNT_AFTER =
  /\b(?:account|compte|profiel|profil|abonnement)(\s+[\p{L}-]+)?\s+(?:van|de la|de l['’]|du|des|de|d['’]|of|for|voor|pour)\s*(?:the |de |het |le |la )?/giu;

// The account's owner after a verb of possession: "belongs to", "is registered to", "is in the name of", "appartient à", "est
// au nom de", "behoort toe aan", "is van", "staat op (de) naam van"; a product's name may stand before the verb.
const ACCOUNT_OWNED =
  /\b(?:account|compte)\s+(?:[\p{L}-]+\s+)?(?:belongs to|is registered (?:to|in the name of)|is in the name of|is held by|appartient (?:à|a)|est au nom (?:de la|de l['’]|du|des|de|d['’])|behoort (?:toe )?aan|is van|staat op (?:de )?naam van)\s*(?:the |de |het |le |la |l['’])?/giu;

// A service the account is on, not whose it is ("the Google Authenticator account", "the Microsoft account").
const SERVICE_WORD =
  /^(?:google|microsoft|apple|icloud|gmail|outlook|hotmail|yahoo|proton|authenticator|authy|facebook|instagram|linkedin|whatsapp|office|teams|windows|id|admin|user|shared|main)$/iu;
const MONTH_OR_YEAR =
  /^(?:\d{4}|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$/iu;

/**
 * "the Brussels Urban Sketchers account", "the Brennan Physio account": a name of two capitalised words or more, with "the"
 * before it and "account" after, says whose the account is: a body's, whatever its words (a person's is "my" or "Ruth's").
 * Not a service the account is on, nor a date ("the 2028 subscription").
 */
function namesAccountOwner(phrase: string, value: string): boolean {
  if (!/^the\s/iu.test(phrase) || !/account$/iu.test(phrase)) return false;
  const words = value.split(/\s+/).map((w) => w.replace(/['’]s$/u, ''));
  const capitalised = words.filter((w) => /^[\p{Lu}\d]/u.test(w));
  return capitalised.length >= 2 && !words.some((w) => SERVICE_WORD.test(w) || MONTH_OR_YEAR.test(w));
}

const ACCOUNT_THEN_PAREN =
  /\b(?:the|our|my)\s+((?:[\p{L}'’-]+\s+){1,4})(?:account|login|profile)\s*\(([\p{L}'’&.\s-]{3,80})\)|\b(?:account|compte|profiel|profil)\s+(?:du|des|de la|de l['’]|de|d['’]|van de|van het|van|of the|of)\s*((?:[\p{L}'’-]+\s+){0,3}[\p{L}'’-]+)\s*\(([\p{L}'’&.\s-]{3,80})\)/giu;

export function accountOrganisations(sentences: string[]): Found[] {
  const out: Found[] = [];
  for (const sentence of sentences) {
    NAMED_ACCOUNT_BEFORE.lastIndex = 0;
    for (let m = NAMED_ACCOUNT_BEFORE.exec(sentence); m; m = NAMED_ACCOUNT_BEFORE.exec(sentence)) {
      const value = m[1]!.trim().replace(/\s+(?:of|and|&|de|du|des|van|the|for)$/i, '');
      if (hasBodyMarker(value)) out.push({ value, snippet: sentence });
      else {
        // "the 2FA for the Brussels Beavers account": the owner is what stands after the last "for"/"on" before "account".
        const owner = value.replace(/^.*\s(?:for|on|from|to)\s+(?:the\s+)?/iu, '');
        if (namesAccountOwner(owner === value ? m[0] : `the ${owner} account`, owner)) out.push({ value: owner, snippet: sentence });
      }
    }
    // "the student council account (brussels school of governance student council)", "le compte du cabinet (kiné des
    // carrières)": the body in full, in parentheses after the account its kind names.
    for (const m of sentence.matchAll(ACCOUNT_THEN_PAREN)) {
      const kind = fold(m[1] ?? m[3]!)
        .split(/\s+/)
        .filter((w) => w.length >= 4);
      const value = (m[2] ?? m[4]!).trim();
      const words = fold(value).split(/\s+/);
      // The kind before the parenthesis is a body's ("cabinet", "council"), or the name shares its word or marks itself.
      const named = kind.some((w) => words.includes(w) || isBodyWord(w, true)) || hasBodyMarker(value, true);
      if (words.length >= 2 && words.length <= 8 && named) out.push({ value, snippet: sentence });
    }
    // "the account belongs to the CPAS of Evere", "le compte appartient à l'ASBL X", "het account staat op naam van X": whose
    // the account is, said by a verb of possession rather than a preposition (loop 29).
    for (const m of sentence.matchAll(ACCOUNT_OWNED)) {
      const rest = sentence.slice(m.index + m[0].length);
      if (!/^[\p{Lu}\d]|^[dl]['’]\p{Lu}/u.test(rest)) continue;
      const org = grabOrganisation(rest);
      if (org && hasBodyMarker(org)) out.push({ value: org, snippet: sentence });
    }
    NAMED_ACCOUNT_AFTER.lastIndex = 0;
    for (let m = NAMED_ACCOUNT_AFTER.exec(sentence); m; m = NAMED_ACCOUNT_AFTER.exec(sentence)) {
      // "le compte Bpart de l'ASBL X": a product's name may stand between (capitalised); the body starts with a capital.
      const rest = sentence.slice(m.index + m[0].length);
      if ((m[1] && !/^\s+\p{Lu}/u.test(m[1])) || !/^[\p{Lu}\d]|^[dl]['’]\p{Lu}/u.test(rest)) continue;
      const org = grabOrganisation(rest);
      if (org && hasBodyMarker(org)) out.push({ value: org, snippet: sentence });
    }
  }
  return out;
}
