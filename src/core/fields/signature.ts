// The block under a closing ("Cordialement,", "Met vriendelijke groet,",
// "Best regards,"): a full name line, then often a role and an organisation.

import type { Mailbox } from '../message.ts';
import { fold, sentences } from '../text-tools.ts';
import { corroborated, isFullName, isLabelledFullName, isLettersAfterName, surnameCommaName } from './names.ts';
import { grabOrganisation, hasBodyMarker, isBodyWord, isLegalForm, isOrgWord, isOwnCompanyName, looksLikeOrganisation } from './organisations.ts';
import type { Found } from './prose.ts';
import { bodyAfterUnit, isDepartmentOnly, isHousehold, isRoleOnly, isRoleWord, isUnitOnly, leadingRole, organisationAfterRole, teamBody } from './roles.ts';
import { writesLowerCase } from './prose.ts';
import {
  isSentenceCasePhrase,
  holdsContactLine,
  initialsOf,
  isClosingLine,
  isEnumeratedName,
  isGenericKind,
  isKindDescription,
  officeBody,
  withBranches,
  isInitialsOnly,
  nameThenRole,
  signatureLines,
  mailboxSpells,
} from './signature-block.ts';

const TITLE =
  /^(tresorier(e)?|president(e)?|vice-president(e)?|secretaire( generale?)?|directeur|directrice|directeur general|gerante?|responsable( [a-z]+){0,3}|administrat(eur|rice)( delegue(e)?)?|coordinat(eur|rice)|(co-?)?fondat(eur|rice)|benevole|membre du (bureau|conseil)|comptable|zaakvoerder|zaakvoerster|(onder)?voorzitter|secretaris|penningmeester|bestuurder|bestuurslid|eigenaar|eigenares|verantwoordelijke( [a-z]+){0,2}|coordinator|(office |general |it |operations )?manager|managing director|director|treasurer|secretary|(co-?)?founder|(co-?)?owner|ceo|cto|cfo|coo|chair(man|woman|person)?|president|administrator|accountant|boekhouder|head of [a-z ]+|webmaster|trustee|partner|(hoofd)?leid(st)?er|(scout |group |team )?leader|([a-z]+ )?officer)\b/;

const CONTACT =
  /^(?:tel|telefon|telefoon|t[ée]l[ée]phone|phone|gsm|mobile?|mobiel|handy|fax|e-?mail|web|website|site|adres|adresse|address)\s*[.:]?$|@|https?:|www\.|\+?\d[\d ./()-]{6,}\d|^(tel|tél|gsm|mobile|mob|phone|fax|t|m|e|p)\s*[.:]|\b\d{4,5}\s+\p{Lu}|^(rue|avenue|av\.|chaussee|chaussée|boulevard|bd|place|straat|laan|steenweg|plein|street|road|lane)\b|\b\p{L}+(straat|laan|weg|plein|street|road)\s*\d|,\s*(?:uk|united kingdom|england|belgium|belgique|belgi[eë]|nederland|netherlands|the netherlands|france|luxembourg|deutschland|germany|usa|ireland|spain|italy)\.?$/iu;

// A line that names a role or a team rather than an organisation: "Practice
// Manager", "Managing Partner", "La direction", "Service informatique", "The committee".
const ROLE_WORD =
  /^(manager|director|partner|officer|assistant|coordinator|secretary|treasurer|administrator|administratrice|administrateur|president|presidente|chair|owner|founder|accountant|consultant|lead|head|advisor|adviser|executive|clerk|receptionist|gerant|gerante|directeur|directrice|responsable|secretaire|tresoriere?|comptable|zaakvoerder|zaakvoerster|voorzitter|secretaris|penningmeester|beheerder|medewerker|verantwoordelijke|direction|secretariat|bestuur|committee|comite|equipe|team|informatique|accueil|boekhouding|comptabilite|administratie|administration|it|ict|leiding|leader|leaders|leiders|officer)$/;
const INITIALLED = /^\p{Lu}\.\s*(?:\p{Lu}\.\s*)?\p{Lu}[\p{L}'’-]+$/u;

function isRoleOrTeam(part: string): boolean {
  const words = fold(part)
    .replace(/[^a-z' -]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0 || words.length > 4) return false;
  // "Administration communale de Gembloux", "Service informatique de la Ville": a body's unit, named with the body.
  if (hasBodyMarker(part)) return false;
  return words.some((w) => ROLE_WORD.test(w));
}

// Separators between the parts of one signature line: "Marie Dubois | Trésorière | ASBL Les Amis". A spaced "?" before a
// capital is a dash a Latin-1 webmail could not encode ("Ostéopathe D.O. ? Cabinet d'ostéopathie Heinen").
const PARTS = /\s*(?:[|–—•·▪●■◆◦∙⋅,()]|\s-\s|\s\?\s(?=\p{Lu}))\s*/u;

// One vocabulary of closings for both readers of the signature.
function isClosing(line: string): boolean {
  return isClosingLine(line);
}

// A firm named after a family with a lower-case particle, on a line of its own
// with its legal form: "de Hemptinne & Associés SA", "van Dijk Transport BV".
const FAMILY_PARTICLE = /^(?:de|van|van der|van den|von|du|d['’])\s*(?=\p{Lu})/u;

function familyFirm(part: string): string | null {
  const line = part.trim().replace(/[,.;]$/, '');
  const particle = FAMILY_PARTICLE.exec(line);
  if (!particle) return null;
  const tokens = line.slice(particle[0].length).split(/\s+/);
  if (isOrgWord(tokens[0]!) || isLegalForm(tokens[0]!) || !isLegalForm(tokens[tokens.length - 1]!)) return null;
  return line;
}

const RUN_ON_STOP = new Set([
  'a',
  'au',
  'aux',
  'en',
  'et',
  'in',
  'te',
  'at',
  'op',
  'bij',
  'chez',
  'near',
  'from',
  'uit',
  'sur',
  'and',
  'en',
  'for',
  'pour',
  'voor',
  'with',
  'met',
  'avec',
  'since',
  'depuis',
  'sinds',
]);

// A signature part is already cut at its separators: a short one is the name whole, lower-case
// words inside it included ("Cliniques universitaires Saint-Luc", "Épicerie solidaire"), but
// without an article or a kind of body typed before it, which the phrase reader drops.
function wholePart(part: string): string | null {
  const whole = part.trim().replace(/[,;.]$/, '');
  const grabbed = grabOrganisation(whole);
  if (!grabbed || grabbed === whole || !whole.startsWith(grabbed) || whole.split(/\s+/).length > 8) return null;
  // What runs on is a description ("universitaires Saint-Luc"), not a place or a clause ("à Namur", "and I").
  const next = fold(whole.slice(grabbed.length).trim().split(/\s+/)[0] ?? '');
  if (/[.!?:;]\s/.test(whole)) return null;
  // "Soins à Domicile Ourthe-Amblève ASBL", "Vrienden van het Huis in de Stad vzw": a legal form closing the part closes one name.
  if (RUN_ON_STOP.has(next) && !isLegalForm(whole.split(/\s+/).at(-1)!)) return null;
  return whole;
}

const DUTCH_T_NAME = /^['’]t\s+\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,3}$/u;

/** The organisation in a role line: "Trésorière de l'ASBL Les Amis", "Director, Northwind Traders Ltd". */
function organisationOf(line: string, own: readonly string[] = [], sender: Mailbox | null = null): string | null {
  // "Académie de musique, danse et arts de la parole de Ciney": one name, its commas and all.
  if (isEnumeratedName(line)) return line.trim().replace(/[;.]$/, '');
  // "Bart Peeters - Brouwerij Peeters bv - Kerkstraat 12 - 2000 Antwerpen": a one-line signature holds
  // its contact parts beside the body; each part is read on its own then.
  const oneLine = line.split(/\s[–—-]\s|\s*\|\s*/).length >= 3;
  if (CONTACT.test(line) && !oneLine) return null;
  // "Agence Locale pour l'Emploi (ALE) de Forest": the name's acronym in parentheses, the name going on after it, is no
  // separator.
  // "Rode Kruis-Vlaanderen, afdeling Maldegem": the branch stays with its body.
  const parts = withBranches(
    line
      .replace(/\s\((\p{Lu}{2,6})\)(?=\s+(?:de|du|des|van|of|voor|pour|for|d['’])\s*\p{Lu})/gu, ' \uE000$1\uE001')
      .split(PARTS)
      .map((p) => p.replace(/\uE000/g, '(').replace(/\uE001/g, ')'))
      .filter(Boolean),
    line,
  ).filter((p) => !oneLine || !(CONTACT.test(p) || holdsContactLine(p)));
  const body = (t: string) => hasBodyMarker(t);
  // Every part that names a body; a part marked as one (a legal form, an organisation word) wins over
  // a bare capitalised one on the same line ("Épicerie solidaire – ASBL La Courte Échelle").
  const found: string[] = [];
  for (const part of parts) {
    // "Bpart admin", "Bpart": our own name on their line is not their organisation; nor is a household.
    if (isOwnCompanyName(part, own) || isHousehold(part)) continue;
    // "Team Brussels Food Collective": the body signing as its people.
    const team = teamBody(part, body) ?? bodyAfterUnit(part, (w) => isBodyWord(w));
    if (team) {
      found.push(team);
      continue;
    }
    // "Secrétariat social Horizon ASBL": an office of a kind before a legally named body is the body's name.
    if (officeBody(part, part.trim().replace(/^\S+\s+/, ''))) {
      found.push(part.trim());
      continue;
    }
    // "Service social", "Sportdienst", "Finance Department": a unit; the body is another part or line.
    if (isUnitOnly(part, body)) continue;
    const folded = fold(part);
    const title = TITLE.exec(folded);
    if (title) {
      // Lower-case prepositions only: "Zaakvoerder Van Hoof Transport BV" keeps its "Van".
      const rest = part.slice(title[0].length).replace(/^\s*(de la|de l['’]|de|du|des|d['’]|van het|van de|van|bij|of the|of|at|chez|for|pour|voor)\s+/, '');
      const viaL = rest.replace(/^(de l['’]|d['’])/i, '');
      // "Trésorier de la Fabrique d'église Saint-Remacle": a body's name the phrase reader cannot walk is taken whole.
      const whole = viaL.trim().replace(/[,;.]$/, '');
      const org = whole ? (grabOrganisation(viaL) ?? (hasBodyMarker(whole) && /\p{Lu}/u.test(whole) && whole.split(/\s+/).length <= 8 ? whole : null)) : null;
      // "Manager Information Systems", "Responsable Communication": the role's area, not a body.
      if (org && !isDepartmentOnly(org)) found.push(org);
      continue;
    }
    if (isRoleOrTeam(part) || INITIALLED.test(part.trim()) || isLettersAfterName(part) || isInitialsOnly(part)) continue;
    // A role or title of any kind ("Échevin des Sports", "Diensthoofd Welzijn", "Associé", "Mrs")
    // is what the writer is, not where: only a body named after it counts ("Président du Cercle X").
    if (isRoleOnly(part, body)) continue;
    // "Zelfstandig onthaalouder": what the writer does, written as a phrase (see `isSentenceCasePhrase`).
    if (isSentenceCasePhrase(part.trim()) && !hasBodyMarker(part)) continue;
    // "'t Kabouterhuisje": Dutch "'t" before a capitalised word opens a proper name no person bears.
    if (DUTCH_T_NAME.test(part.trim())) {
      found.push(part.trim().replace(/[,;.]$/, ''));
      continue;
    }
    const afterRole = organisationAfterRole(part, body);
    if (afterRole) found.push(grabOrganisation(afterRole) ?? afterRole);
    else if (looksLikeOrganisation(part)) found.push(familyFirm(part) ?? wholePart(part) ?? grabOrganisation(part) ?? part.trim());
  }
  // "Pharmacie hospitalière – Centre Hospitalier Régional X": a kind of body in common words is a unit
  // of the body named beside it; a name of its own (capitalised words, a legal form) wins.
  // "Kinderinsel – German-speaking playgroup Brussels": the kind described beside a name is not the name.
  const named = found.filter((o) => !isKindDescription(o));
  if (named.length > 0) found.splice(0, found.length, ...named);
  // "Hoof & Forge – Farrier Services" from hoofandforge@gmail.com: the part the writer's mailbox spells is the body's own
  // name; a marked part beside it ("… Services") says what it does.
  const spelled = sender ? found.find((o) => mailboxSpells(o, sender.address) && !isFullName(o)) : undefined;
  if (spelled) return spelled;
  const marked = found.filter((o) => hasBodyMarker(o));
  return marked.find((o) => !isGenericKind(o)) ?? marked[0] ?? found[0] ?? null;
}

/**
 * A role line read as an organisation by what stands beside the role: the work described in common words ("Education
 * officer – school groups", "Veterinary surgeon & practice owner") or a profession beside a post ("Maraîchère – gérante").
 * A body's name on a signature is written in capitals and names itself; a description in lower case, or a line that holds
 * a post, gives way to a named body on the lines below it (see the caller).
 */
function describesWork(line: string, org: string): boolean {
  if (org.split(/\s+/).some((t) => isLegalForm(t.replace(/[,.]$/, '')))) return false;
  const words = org.split(/\s+/).filter((t) => /^\p{L}{3,}/u.test(t));
  const lower = words.filter((t) => /^\p{Ll}/u.test(t) && !/^(?:de|du|des|van|of|the|and|et|en|voor|pour|for)$/u.test(t));
  const postOnLine = line.split(PARTS).some((part) => part.trim() !== org && isRoleOnly(part, (t) => hasBodyMarker(t)));
  // Mostly common words ("Veterinary surgeon & practice owner"), not a name with a few inside ("Étude des notaires X");
  // one word beside a post is a profession ("Maraîchère – gérante"), a body beside a post names itself ("Treasurer, X").
  return lower.length > words.length - lower.length || (postOnLine && words.length === 1);
}

const ON_BEHALF = /^(?:pour|namens|voor|on behalf of|for|de la part de|p\.\s?o\.?|i\.\s?o\.?)\s+\S.{0,40},$/i;

interface SignatureFields {
  name: Found | null;
  organisation: Found | null;
}

function readBlock(lines: string[], start: number, inlineName: string | null, own: readonly string[] = [], sender: Mailbox | null = null): SignatureFields {
  let name: Found | null = null;
  let organisation: Found | null = null;
  let i = start;
  // "Pour Mme Gilson,", "Namens de voorzitter,", "p.o. the Head": the signer writes on behalf of someone; their own name follows.
  if (!inlineName && lines[i] !== undefined && ON_BEHALF.test(lines[i]!)) i += 1;
  // "Voorzitter / Jan Peeters / KFC Lint": a role written above the name; the name follows it.
  if (
    !inlineName &&
    lines[i] !== undefined &&
    lines[i + 1] !== undefined &&
    isRoleOnly(lines[i]!, (t) => hasBodyMarker(t)) &&
    !isFullName(lines[i]!.split(PARTS)[0] ?? '') &&
    isFullName(lines[i + 1]!.split(PARTS)[0] ?? '') &&
    !hasBodyMarker(lines[i + 1]!.split(PARTS)[0] ?? '')
  )
    i += 1;
  // "Dierenhuis De Linde vzw / Els Peeters / Coördinator": the body above the name (a logo's alt, a letterhead).
  const head = lines[i];
  const below = lines[i + 1]?.split(PARTS)[0];
  if (!inlineName && head !== undefined && below && hasBodyMarker(head) && !isFullName(head) && isFullName(below) && !hasBodyMarker(below)) {
    const org = organisationOf(head, own, sender);
    if (org) {
      organisation = { value: org, snippet: head };
      i += 1;
    }
  }
  const first = inlineName ?? lines[i];
  const surnameFirst = first !== undefined ? surnameCommaName(first) : null;
  const initialled = first !== undefined ? initialsOf(first.split(PARTS)[0] ?? '', sender) : null;
  if (first !== undefined && initialled) {
    // "G.H." under From "Geoffrey Hartley": the writer's initials; the name is the one in From.
    name = { value: initialled, snippet: first };
    const rest = first.split(PARTS).slice(1);
    const org = rest.length > 0 ? organisationOf(rest.join(' | '), own, sender) : null;
    if (org) organisation = { value: org, snippet: first };
    if (!inlineName) i += 1;
  } else if (first !== undefined && surnameFirst) {
    // "KOWALCZYK, Tomasz (Mr)": surname first, then the given name; the rest of the line may name the body.
    name = { value: surnameFirst.name, snippet: first };
    const org = surnameFirst.rest ? organisationOf(surnameFirst.rest, own, sender) : null;
    if (org) organisation = { value: org, snippet: first };
    if (!inlineName) i += 1;
  } else if (first !== undefined) {
    // "Lotte Van Hecke Verantwoordelijke": the role run on after the name is a part of its own.
    const [head, ...tail] = first.split(PARTS);
    const runOn = head ? nameThenRole(head) : null;
    const [candidate, ...rest] = runOn ? [runOn.name, runOn.role, ...tail] : [head, ...tail];
    if (candidate && isFullName(candidate)) {
      name = { value: candidate.trim().replace(/[,.]$/, ''), snippet: first };
      const org = rest.length > 0 ? organisationOf(rest.join(' | '), own, sender) : null;
      if (org) organisation = { value: org, snippet: first };
      if (!inlineName) i += 1;
    } else if (candidate && /^\p{Lu}[\p{L}'’-]+$/u.test(candidate.trim()) && rest.length > 0 && rest[0] && isFullName(rest[0])) {
      // "Kodiak – Thomas Leroy": a scout totem or nickname, then the full name on the same line.
      name = { value: rest[0].trim(), snippet: first };
      const org = rest.length > 1 ? organisationOf(rest.slice(1).join(' | '), own, sender) : null;
      if (org) organisation = { value: org, snippet: first };
      if (!inlineName) i += 1;
    } else if (candidate && /^\p{Lu}[\p{L}'’-]+[,.]?$/u.test(candidate.trim()) && !inlineName) {
      i += 1; // a first name alone: not a full name, but the block goes on
      // "Groetjes, / Mieke / Mieke Willems / Kinderdagverblijf De Rups": the
      // typed first name, then the full signature the client adds under it.
      const full = lines[i]?.split(PARTS)[0];
      const given = fold(candidate.trim().replace(/[,.]$/, ''));
      if (full && isFullName(full) && fold(full).split(/\s+/)[0] === given) {
        name = { value: full.trim(), snippet: lines[i]! };
        const rest = lines[i]!.split(PARTS).slice(1);
        const org = rest.length > 0 ? organisationOf(rest.join(' | '), own, sender) : null;
        if (org) organisation = { value: org, snippet: lines[i]! };
        i += 1;
      }
    }
  }
  for (let n = 0; n < 4 && i < lines.length && !organisation; n++, i++) {
    const line = lines[i]!;
    if (isClosing(line)) break;
    const org = organisationOf(line, own, sender);
    if (!org) continue;
    organisation = { value: org, snippet: line };
    // "Operations Manager Customs & Compliance / Scheldewerf Logistics NV": what follows a role on its line, with
    // no mark of a body, is as often the role's area as a body; a marked body on the next lines is the organisation.
    const byRole = leadingRole(line) && !hasBodyMarker(org);
    if (byRole || describesWork(line, org)) {
      for (let k = i + 1; k < Math.min(lines.length, i + 3); k++) {
        if (isClosing(lines[k]!)) break;
        const next = organisationOf(lines[k]!, own, sender);
        // After a described work, only a body named in capitals ("Provincial Domain of Chevetogne", "X SRL").
        const named = next !== null && next.split(/\s+/).filter((t) => /^\p{Lu}/u.test(t)).length >= 2;
        if (next && hasBodyMarker(next) && (byRole || named)) {
          organisation = { value: next, snippet: lines[k]! };
          break;
        }
      }
    }
  }
  return { name, organisation };
}

function sameName(a: string, b: string): boolean {
  const norm = (s: string) =>
    fold(s)
      .replace(/[^a-z]+/g, ' ')
      .trim()
      .split(' ')
      .sort()
      .join(' ');
  return norm(a) === norm(b);
}

const PRESENTING = /^(?:voici|voil[àa]|here(?: you go| they are| it is| are (?:the|my) details)?|hierbij|hier(?: zijn de gegevens)?|ci-dessous|below)\s*:\s*/i;

// A name typed in lower case on a line of its own ("emma walsh", "anne-catherine rousseau"):
// two to four name-like words, none a role, a body, a closing or an ordinary word.
function isLowerCaseSignedName(line: string): boolean {
  const tokens = line
    .trim()
    .replace(/[.,!]$/, '')
    .split(/\s+/);
  if (tokens.length < 2 || tokens.length > 4 || !isLabelledFullName(line.trim().replace(/[.,!]$/, ''))) return false;
  if (!tokens.every((t) => /^\p{Ll}[\p{Ll}'’-]+$/u.test(t) || /^(de|van|der|den|le|la|du|d'[\p{Ll}]+)$/u.test(t))) return false;
  return !tokens.some((t) => isRoleWord(t) || isBodyWord(t, true) || isOrgWord(t) || LOWER_NOT_NAME.has(fold(t)) || isClosing(t));
}
const LOWER_NOT_NAME = new Set([
  'merci',
  'thanks',
  'bedankt',
  'groetjes',
  'cheers',
  'svp',
  'pls',
  'please',
  'aub',
  'bonjour',
  'hallo',
  'hello',
  'hi',
  'hey',
  'team',
  'equipe',
  'ploeg',
  'les',
  'the',
  'het',
  'een',
  'une',
  'and',
  'et',
  'en',
  'nous',
  'wij',
  'we',
]);

// The From mailbox bears out a first name: its display name or its local part begins with it ("francois.g", "emma").
function fromBearsOut(first: string, sender: Mailbox | null): boolean {
  if (!sender) return false;
  const given = fold(first).replace(/[^a-z]/g, '');
  if (given.length < 3) return false;
  const display =
    fold(sender.name ?? '')
      .replace(/[^a-z ]/g, ' ')
      .trim()
      .split(/\s+/)[0] ?? '';
  const local = fold(sender.address.split('@')[0] ?? '').replace(/[^a-z]/g, '');
  return display === given || local.startsWith(given);
}

/** Name and organisation from the last signature block of the writer's text. */
export function signatureFields(text: string, sender: Mailbox | null, own: readonly string[] = []): SignatureFields {
  const lines = signatureLines(text);
  const lowerWriter = writesLowerCase(text);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (!isClosing(line)) continue;
    // "Thanks, Sarah Connor" / "Cordialement, Marie Dubois" on one line.
    const inline = /^[^,]+,\s*(.+)$/.exec(line)?.[1];
    const found = inline && isFullName(inline) ? readBlock(lines, i + 1, inline, own, sender) : readBlock(lines, i + 1, null, own, sender);
    // A writer who never capitalises signs in lower case too: "merci beaucoup / anne-catherine rousseau".
    const next = lines[i + 1];
    if (!found.name && next && isLowerCaseSignedName(next) && (lowerWriter || fromBearsOut(next.split(/\s+/)[0]!, sender))) {
      const rest = readBlock(lines, i + 2, '', own);
      return { name: { value: next.replace(/[.,!]$/, ''), snippet: next }, organisation: found.organisation ?? rest.organisation };
    }
    if (found.name || found.organisation) return found;
  }
  // No closing: the last line is a name in lower case that the From mailbox bears out ("francois gillard").
  const lastLine = lines[lines.length - 1];
  if (lines.length > 1 && lastLine && isLowerCaseSignedName(lastLine) && lowerWriter && fromBearsOut(lastLine.split(/\s+/)[0]!, sender)) {
    return { name: { value: lastLine.replace(/[.,!]$/, ''), snippet: lastLine }, organisation: null };
  }
  // No closing: a name on the last lines counts when it is the name the
  // writer also put in From — it is then their signature, typed or set up.
  const tail = lines.slice(-3);
  for (let k = 0; k < tail.length; k++) {
    const candidate = tail[k]!.split(PARTS)[0] ?? '';
    if (sender?.name && isFullName(candidate) && sameName(candidate, sender.name)) {
      return readBlock(lines, lines.length - tail.length + k, null, own);
    }
    // "jean-luc deprez": typed in lower case, but the very name in From.
    if (sender?.name && isLabelledFullName(candidate) && sameName(candidate, sender.name)) {
      const rest = readBlock(lines, lines.length - tail.length + k + 1, '', own);
      return { name: { value: candidate.trim(), snippet: tail[k]! }, organisation: rest.organisation };
    }
  }
  // No closing and no name: an organisation alone on the last line
  // ("Please turn off 2FA. / Green Lanes Allotment Society") signs the mail.
  const last = lines[lines.length - 1];
  if (lines.length > 1 && last && !/[?!:]$/.test(last) && last.split(/\s+/).length <= 6 && !CONTACT.test(last)) {
    const tokens = last.split(/\s+/);
    if ((tokens.some((t) => isLegalForm(t.replace(/[,.]$/, ''))) || tokens.some((t) => isOrgWord(t))) && /^\p{Lu}/u.test(last) && !isRoleOrTeam(last)) {
      const org = organisationOf(last, own);
      if (org) return { name: null, organisation: { value: org, snippet: last } };
    }
  }
  // A name given on its own, as a sentence ("Jacques Delhaye. Mon téléphone…",
  // "… een code. Joke Van Acker, Tekenacademie Ronse"), when it is the writer's
  // own name by their From line.
  const all = sentences(text);
  for (const full of all) {
    // "Voici : Isabelle Maes, médecin, cabinet X", "Here you go: …": a presentation word before the details.
    // "… ? Kind regards, Lena Schmidt": the closing inside a one-line mail, the name after it.
    const closed = /^(.{2,40}?),\s*(.+?)[.!]?$/.exec(full);
    if (closed && isClosing(closed[1]!)) {
      const [signed, ...after] = closed[2]!.split(PARTS);
      if (signed && isFullName(signed)) {
        const org = after.length > 0 ? organisationOf(after.join(' | '), own) : null;
        return { name: { value: signed.trim(), snippet: full }, organisation: org ? { value: org, snippet: full } : null };
      }
    }
    // "… rudi de clercq, voorzitter wielerclub de ketting": a lower-case writer signs in a sentence, with a role.
    const lowerSigned = lowerWriter ? /^(.+?),\s*(.+?)[.!]?$/.exec(full) : null;
    if (lowerSigned && isLowerCaseSignedName(lowerSigned[1]!) && corroborated(lowerSigned[1]!, sender) && isRoleWord(lowerSigned[2]!.split(/\s+/)[0]!)) {
      return { name: { value: lowerSigned[1]!.trim(), snippet: full }, organisation: null };
    }
    const sentence = full.replace(PRESENTING, '');
    const [candidate, ...rest] = sentence.replace(/[.!]$/, '').split(PARTS);
    // "Sarah (Little Acorns Nursery)": the writer's first name, as in From, and their body beside it.
    if (candidate && /^\p{Lu}[\p{L}'’-]+$/u.test(candidate.trim()) && rest.length > 0 && corroborated(candidate, sender) && sentence.split(/\s+/).length <= 8) {
      const org = organisationOf(rest.join(' | '), own);
      if (org && hasBodyMarker(org)) return { name: null, organisation: { value: org, snippet: sentence } };
    }
    // "Lucie Renard, Liège": one word beside a name is where they live as often as where they work.
    const named = rest.length > 0 ? organisationOf(rest.join(' | '), own) : null;
    const beside = named && (hasBodyMarker(named) || named.split(/\s+/).length >= 2) ? named : null;
    // Name, role and body in apposition run longer than a bare name: the From name bears it out either way.
    if (!candidate || sentence.split(/\s+/).length > (rest.length >= 2 ? 14 : 8) || !isFullName(candidate) || !corroborated(candidate, sender)) continue;
    return { name: { value: candidate.trim(), snippet: sentence }, organisation: beside ? { value: beside, snippet: sentence } : null };
  }
  return { name: null, organisation: null };
}
