// Person names as people write them: "Marie Dubois", "Jan Van den Broeck",
// "Sophie d'Hondt", "DUBOIS Marie". A full name needs two real name words:
// a first name alone never counts (SPEC §4).

import type { Mailbox } from '../message.ts';
import { fold } from '../text-tools.ts';
import { isLegalForm, isOrgWord } from './organisations.ts';
import { isRoleWord, isUnitOnly, leadingRole } from './roles.ts';

// Titles before a name: "Mr. Marleen De Wolf" (a Flemish lawyer), "Dr Jones", "Mme Dubois".
// "p.o. Katrien Smets", "i.o. Jan Peeters", "pp Marie Dubois": signing for someone else, the signer's own name follows.
// Clergy and professions written as a title: "E.H. Dirk Verstraete" (Eerwaarde Heer), "Father Tom", "Abbé Martin", "Docteur X";
// a profession's abbreviation, with its dot, in Belgian signatures: "apr. Wouter Claeys" (apotheker), "arch. An Maes", "lic. Jan Peeters".
const HONORIFIC =
  /^(?:mr|mrs|ms|miss|dr|prof|me|mme|mlle|m|mevr|mevrouw|dhr|heer|ir|ing|sir|dame|p\.\s?o|i\.\s?o|pp|e\.\s?h|rev|revd|father|fr|p[èe]re|abb[ée]|pater|zr|br|mgr|docteur|dokter|ma[îi]tre)\.?\s+(?=\p{Lu})|^(?:apr|arch|lic|drs|adv|kin|pharm|dr\s?h\.?\s?c)\.\s*(?=\p{Lu})/iu;
// German and Austrian academic titles run over several abbreviations, the faculty in lower case:
// "Dr. med. vet.", "Dr. rer. nat.", "Prof. Dr. med.", "Dr. h.c.", "Dipl.-Ing.", "Mag.".
const ACADEMIC_TITLE =
  /^(?:(?:prof|dr|dipl\.-?\s?ing|mag|lic|drs|ing)\.\s*(?:(?:med|vet|dent|rer|nat|pol|oec|iur|jur|phil|theol|pharm|sc|techn|h\.\s?c|habil|univ|dr)\.\s*)*)+(?=\p{Lu})/iu;

// "ici le Dr Karim Haddad", "this is the Rev. Tom Price": an article before a title.
export const TITLE_ARTICLE =
  /^(?:le|la|de|the)\s+(?=(?:dr|docteur|dokter|prof|professeur|ma[îi]tre|me|p[èe]re|abb[ée]|father|rev|revd|pastoor|pater)\.?\s+\p{Lu})/iu;

// Academic grades written after a title, in lower case: "Dr. med. vet.", "Dr. rer. nat.", "Dr. h.c.".
const GRADE_AFTER_TITLE = /^((?:[Dd]r|DR|[Pp]rof|PROF)\.?\s+)(?:[a-z]{1,5}\.\s*)+(?=\p{Lu})/u;

// Letters after a name, degrees and professional memberships: "Sarah Lee MBA", "Jan Peeters, PhD",
// "Priyanka Rao ACCA". They say what the person is, not who.
const POST_NOMINALS =
  /(?:,?\s+(?:Ph\.?\s?D\.?|MBA|M\.?Sc\.?|B\.?Sc\.?|BA|MA|MD|DVM|DDS|LL\.?M\.?|LL\.?B\.?|MEng|ACCA|FCCA|CPA|FCA|ACA|CFA|RN|MRCVS|FRCS|MRCP|Esq\.?|PMP)(?=$|[\s,]))+$/u;

/** Whether a part is only letters after a name ("DVM, MSc", "PhD", "ACCA"): a degree, never a body. */
export function isLettersAfterName(part: string): boolean {
  const t = part.trim().replace(/[;.]$/, '');
  if (t === '') return false;
  if (` ${t}`.replace(POST_NOMINALS, '').trim() === '') return true;
  // Two or more letters tokens by their shape ("BVSc MRCVS", "MRICS FRICS"): a run of degrees, never a body's name.
  const tokens = t.split(/[\s,]+/).filter(Boolean);
  return tokens.length >= 2 && tokens.every((x) => isLettersToken(x) || ` ${x}`.replace(POST_NOMINALS, '').trim() === '');
}

// Letters after a name by their shape, whatever the degree or the order that gives it:
// - capitals, then the last letters in lower case ("BVSc", "MSc", "FRCPsych", "MPhil"): no name or word is written so;
// - capitals with no vowel ("MBBS", "MRCGP"), or one vowel among four to six ("MRICS", "FCCA", "FRICS"): a surname in
//   capitals has its vowels ("PEETERS", "DUBOIS"). A legal form ("BV", "SPRL") is a body's, never a degree.
function isLettersToken(token: string): boolean {
  const t = token.replace(/[,.]$/, '');
  if (isLegalForm(t)) return false;
  if (/^\p{Lu}{2,4}\p{Ll}{1,5}$/u.test(t)) return true;
  if (!/^\p{Lu}{2,6}$/u.test(t)) return false;
  const vowels = (t.match(/[AEIOUY]/g) ?? []).length;
  return vowels === 0 || (t.length >= 4 && vowels === 1 && !/^[AEIOUY]/.test(t));
}

// A role typed on the name line before the name: "Secretaris-penningmeester Harpreet Singh Sandhu", "Trésorière Marie
// Dubois", "Treasurer John Smith". Dropped only when a full name of two words or more follows it.
function withoutLeadingRole(value: string): string {
  const m = /^(\S+)\s+(.+)$/u.exec(value);
  if (!m || !/^\p{Lu}/u.test(m[1]!)) return value;
  // "Office Manager Karen Wills", "Directrice générale Anne Dupont": the role with its modifiers and lower-case words.
  const lead = isRoleWord(m[1]!) ? { rest: m[2]! } : leadingRole(value);
  if (!lead?.rest) return value;
  // "Secretary to James Wilson", "Secretaresse van Jan Peeters": a post held for someone else names that person, not the writer.
  if (/^(?:to|for|of|van|voor|aan|à)\s/iu.test(lead.rest)) return value;
  const rest = lead.rest.replace(/^(?:\p{Ll}[\p{Ll}'’-]*\s+){0,2}/u, '');
  const words = rest.split(/\s+/).filter((t) => /^\p{Lu}\p{Ll}/u.test(t));
  return rest !== value && words.length >= 2 && isFullName(rest) ? rest : value;
}

// Letters after a name by their shape (`isLettersToken`: "MBBS MRCGP", "BVSc", "MRICS"), after two name words in mixed
// case ("Hannah Lewis MBBS MRCGP", "Tom Wyatt DCh"); a surname in capitals has its vowels ("Jan PEETERS"), and a legal
// form ("BV", "NV") is a body's, kept.
export function withoutLetterRuns(value: string): string {
  const tokens = value.split(/\s+/);
  let end = tokens.length;
  while (end > 2 && isLettersToken(tokens[end - 1]!)) end--;
  if (end === tokens.length) return value;
  const name = tokens.slice(0, end);
  // Two words in mixed case before the letters: the person's name ("Hannah Lewis"), not an acronym's company.
  return name.filter((t) => /^\p{Lu}\p{Ll}/u.test(t)).length >= 2 ? name.join(' ').replace(/,$/, '') : value;
}

export function withoutHonorific(value: string): string {
  let rest = withoutLetterRuns(withoutLeadingRole(value.trim()).replace(POST_NOMINALS, ''));
  const academic = ACADEMIC_TITLE.exec(rest)?.[0] ?? '';
  rest = rest.slice(academic.length).replace(GRADE_AFTER_TITLE, '$1');
  // A chain of titles ("Prof. Dr. Anna Weber"); a one-letter "M." after a title is an initial.
  for (let i = academic ? 1 : 0; i < 3; i++) {
    const title = HONORIFIC.exec(rest);
    if (!title || (i > 0 && title[0].replace(/[^\p{L}]/gu, '').length < 2)) break;
    rest = rest.slice(title[0].length).replace(GRADE_AFTER_TITLE, '$1');
  }
  return rest;
}

// A nickname beside the name on a signature line: 'Jess Lemaire aka "Lemon Crush" #42', "Jean Dupont dit « Jeannot »",
// "Pieter Claes, genaamd Pietje", 'Sam "The Wall" Peeters'. The name is what stands without it.
const ALIAS_TAIL = /,?\s+(?:aka|a\.k\.a\.?|alias|also known as|known as|dit|dite|surnomm[ée]e?|genaamd|bijgenaamd|roepnaam)\s+(?=["“«'‘„]|\p{Lu}).*$/iu;
const QUOTED_NICKNAME = /\s*["“«‘„][^"”»’“]{1,30}["”»’“]\s*|\s'[^'\s][^']{0,28}'(?=\s)/gu;
// "Jessica (Jess) Lemaire": a short form in parentheses between the given name and the surname.
const PAREN_NICKNAME = /(?<=^\p{Lu}[\p{L}'’-]+)\s*\(\p{Lu}[\p{Ll}'’-]{1,12}\)\s*(?=\p{Lu})/u;
const SHIRT_NUMBER = /\s+(?:#|n°\s?|nr\.?\s?)\d{1,3}\b/giu;

/** A short line that is a full name with a nickname beside it, as the name alone; any other line as it is. */
export function withoutAlias(line: string): string {
  if (line.split(/\s+/).length > 10) return line;
  // "D. FOULKES (DEREK)", "M. Janssens (Marc)": the given name the initial stands for, written after the surname.
  const spelled = /^(\p{Lu})\.\s*(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?)\s*\((\p{Lu}[\p{L}'’-]+)\)$/u.exec(line.trim());
  if (spelled && spelled[3]!.startsWith(spelled[1]!) && isFullName(`${spelled[3]} ${spelled[2]}`)) return `${spelled[3]} ${spelled[2]}`;
  const cut = line.replace(ALIAS_TAIL, '').trim();
  if (cut !== line.trim() && isFullName(cut)) return cut;
  const bare = line.replace(QUOTED_NICKNAME, ' ').replace(SHIRT_NUMBER, '').replace(PAREN_NICKNAME, ' ').replace(/\s+/g, ' ').trim();
  return bare !== line.trim() && isFullName(bare) ? bare : line;
}

export const PARTICLES = new Set([
  'de',
  'du',
  'des',
  'le',
  'la',
  'van',
  'von',
  'der',
  'den',
  'ter',
  'ten',
  'het',
  "'t",
  'op',
  'da',
  'di',
  'del',
  'della',
  'dos',
  'das',
  'do',
  'y',
  'el',
  'al',
  'bin',
  'ben',
  'zu',
  'vanden',
  'vander',
  'in',
]);

// Capitalised words that start sentences, sign mail or name things, not people.
const NOT_NAME = new Set([
  'bonjour',
  'bonsoir',
  'hello',
  'hi',
  'hallo',
  'dag',
  'dear',
  'beste',
  'cher',
  'chere',
  'madame',
  'monsieur',
  'merci',
  'thanks',
  'thank',
  'cordialement',
  'regards',
  'groet',
  'groeten',
  // closings and their abbreviations, typed on the name's line: "Mvg Stijn", "Cheers Tom"
  'mvg',
  'groetjes',
  'grtz',
  'grtjs',
  'cheers',
  'bises',
  'bisous',
  'cdlt',
  'rgds',
  'thx',
  'ciao',
  'doei',
  'bedankt',
  'vriendelijke',
  'hartelijke',
  'support',
  'team',
  'equipe',
  'service',
  'helpdesk',
  'asbl',
  'vzw',
  'bv',
  'srl',
  'sprl',
  'sa',
  'nv',
  'ltd',
  'llc',
  'inc',
  'gmbh',
  'bvba',
  'commv',
  'sc',
  'plc',
  'the',
  'les',
  'my',
  'mon',
  'ma',
  'mijn',
  'your',
  'votre',
  'uw',
  'google',
  'authenticator',
  'iphone',
  'android',
  'samsung',
  'microsoft',
  'outlook',
  'gmail',
  'bpart',
  'account',
  'compte',
  'president',
  'presidente',
  'tresorier',
  'tresoriere',
  'secretaire',
  'directeur',
  'directrice',
  'gerant',
  'gerante',
  'zaakvoerder',
  'voorzitter',
  'penningmeester',
  'secretaris',
  'director',
  'manager',
  'treasurer',
  'secretary',
  'owner',
  'founder',
  'ceo',
  'organisation',
  'organization',
  'organisatie',
  'club',
  'association',
  'vereniging',
  'bakkerij',
  'boulangerie',
  'school',
  'ecole',
  'traders',
  'company',
  'societe',
  'je',
  'ik',
  'i',
  'we',
  'nous',
  'wij',
  'not',
  'out',
  'office',
  'sent',
  'envoye',
  'verzonden',
  'lost',
  'new',
  'reset',
  'please',
  'fa',
  'mfa',
  'otp',
  'ok',
  'okay',
  'sorry',
  'excuses',
  'sinds',
  'since',
  'depuis',
  'today',
  'aujourd',
  'vandaag',
  // "Pour Mme Gilson", "Namens Jan Peeters": on behalf of, never a name word
  'pour',
  'namens',
  'for',
]);

function stripPunctuation(token: string): string {
  if (/^['’][ts]$/i.test(token)) return token; // "van 't Hof"
  return token
    .replace(/^[("'“«]+/, '')
    .replace(/[)"'”»,;:!?]+$/, '')
    .replace(/(?<=\p{L}{2,})\.$/u, '');
}

function isNameWord(token: string): boolean {
  if (/^(d|l)['’]\p{Lu}\p{Ll}+/u.test(token)) return true; // d'Hondt, l'Heureux
  if (!/^\p{Lu}/u.test(token) || /\d|@/.test(token)) return false;
  if (NOT_NAME.has(fold(token).replace(/[^a-z]/g, ''))) return false;
  return /^\p{Lu}[\p{L}'’.-]*$/u.test(token);
}

function letters(token: string): number {
  return (token.match(/\p{L}/gu) ?? []).length;
}

// Regions and countries a body's branch is named after (after a hyphen only: "Van Brussel" is a family).
const REGION =
  /^(?:vlaanderen|wallonie|wallonia|flanders|brussel|bruxelles|brussels|belgie|belgique|belgium|nederland|limburg|brabant|hainaut|henegouwen|antwerpen|luxembourg|europe|europa|international|internationaal)$/;
const COUNTRY = /^(?:belgique|belgie|belgium|vlaanderen|flanders|wallonie|wallonia)$/;
// The grade before a post ("Senior Engineer", "Lead Developer", "Hoofd Boekhouding"), never a given name.
const POST_GRADE = /^(?:senior|junior|lead|head|chief|deputy|assistant|principal|associate|executive|personal|managing|hoofd|adjunct|adjoint|adjointe)$/;

/** Two or more capitalised name words, only name words and particles, at most six words. */
export function isFullName(value: string): boolean {
  const tokens = withoutHonorific(value).split(/\s+/).map(stripPunctuation).filter(Boolean);
  if (tokens.length < 2 || tokens.length > 6) return false;
  // "Brouwerij De Hoop", "Foster Build Ltd": a business, not a person.
  if (tokens.some((t) => isOrgWord(t) || isLegalForm(t))) return false;
  // "Night Desk", "Accueil Général", "Onthaal Stadhuis", "Finance Team": a desk or a unit signing, not a person.
  if (isUnitOnly(tokens.join(' '), () => false)) return false;
  // "Rode Kruis-Vlaanderen", "Fietsersbond-Vlaanderen", "Natagora-Wallonie": a region joined to a word by a hyphen names a
  // body's branch, never a person ("Smith-Jones", "Van Damme-Peeters" join two families).
  if (
    tokens.slice(1).some((t) =>
      t
        .split('-')
        .slice(1)
        .some((part) => REGION.test(fold(part))),
    )
  )
    return false;
  // "Croix-Rouge de Belgique", "Ligue des Familles de Wallonie": a country or a region after a particle ends a body's name.
  if (tokens.length >= 3 && PARTICLES.has(fold(tokens[tokens.length - 2]!)) && COUNTRY.test(fold(tokens[tokens.length - 1]!))) return false;
  // "Senior Hydraulic (Engineer)", "Lead Structural", "Personal Assistant": a grade of a post opens no person's name.
  if (POST_GRADE.test(fold(tokens[0]!))) return false;
  let words = 0;
  for (const token of tokens) {
    if (isNameWord(token)) {
      if (letters(token) >= 2) words += 1;
    } else if (!PARTICLES.has(fold(token))) return false;
  }
  // "R. Okonkwo", "J.-P. Lambert": an initial and a surname sign as a person too.
  const initialled = words === 1 && tokens.length === 2 && /^\p{Lu}\.(?:-?\p{Lu}\.)?$/u.test(tokens[0]!) && letters(tokens[1]!) >= 3;
  return (words >= 2 || initialled) && isNameWord(tokens[0]!) && isNameWord(tokens[tokens.length - 1]!);
}

/**
 * The person name at the start of a text ("Marie Dubois et je…" → "Marie
 * Dubois"), or null. Particles are kept only when a name word follows, and a
 * "van"/"de" followed by a second capitalised run is where a company starts:
 * "Jan Peeters van Bakkerij Peeters BV" → "Jan Peeters".
 */
export function grabName(text: string): string | null {
  const raw = text.trim().split(/\s+/).slice(0, 10);
  const taken: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const original = raw[i]!;
    const token = stripPunctuation(original);
    const endsClause = /[,;:!?)]$/.test(original) || (/\.$/.test(original) && letters(token) >= 2);
    // Written in capitals, "DE", "LA", "VAN" after a first word are particles, not name words ("MARC DUPUIS DE LA FANFARE …").
    const capitalParticle = taken.length > 0 && PARTICLES.has(fold(token)) && token === token.toUpperCase();
    if (isNameWord(token) && !capitalParticle) {
      taken.push(token);
    } else if (PARTICLES.has(fold(token)) && taken.length > 0) {
      const rest = raw.slice(i + 1).map(stripPunctuation);
      let capsAfter = 0;
      for (const t of rest) {
        if (isNameWord(t)) capsAfter += 1;
        else if (!PARTICLES.has(fold(t))) break;
      }
      const capsBefore = taken.filter(isNameWord).length;
      if (capsAfter === 0 || (capsBefore >= 2 && capsAfter >= 2)) break;
      taken.push(token);
    } else break;
    if (endsClause) break;
  }
  while (taken.length > 0 && !isNameWord(taken[taken.length - 1]!)) taken.pop();
  const name = taken.join(' ');
  return isFullName(name) ? name : null;
}

/** A labelled value ("Nom complet : marie dubois"): the writer's statement, any case. */
export function isLabelledFullName(value: string): boolean {
  const tokens = value.trim().split(/\s+/).filter(Boolean);
  if (tokens.length < 2 || tokens.length > 6 || /[\d@]/.test(value)) return false;
  // A particle never starts a name, so a first "Ben" or "Van" is a name word.
  const words = tokens.filter((t, i) => letters(t) >= 2 && (i === 0 || !PARTICLES.has(fold(t))));
  return words.length >= 2 && tokens.every((t) => /^[\p{L}'’.-]+,?$/u.test(t));
}

// Words a lower-case writer puts after "my name is …" that end the name.
const STOP = new Set([
  'and',
  'et',
  'en',
  'und',
  'i',
  'je',
  'ik',
  'from',
  'of',
  'the',
  'le',
  'la',
  'les',
  'het',
  'een',
  'a',
  'an',
  'un',
  'une',
  'my',
  'mon',
  'ma',
  'mijn',
  'is',
  'est',
  'am',
  'ben',
  'suis',
  'who',
  'qui',
  'die',
  'with',
  'met',
  'avec',
  'also',
  'aussi',
  'ook',
  'but',
  'mais',
  'maar',
  'here',
  'ici',
  'hier',
  'and',
  'at',
  'chez',
  'bij',
  'for',
  'pour',
  'voor',
  'in',
  'to',
  'a',
  'since',
  'depuis',
  'sinds',
  'because',
  'car',
  'omdat',
  'want',
  'so',
  'donc',
  'dus',
  'president',
  'presidente',
  'tresorier',
  'tresoriere',
  'secretaire',
  'secretaris',
  'voorzitter',
  'penningmeester',
  'owner',
  'manager',
  'treasurer',
  'secretary',
  'bonjour',
  'hello',
  'hallo',
  'hi',
  'merci',
  'thanks',
  'bedankt',
  'please',
  'svp',
  'aub',
  'graag',
]);

/**
 * A name typed in lower case after an explicit statement ("my name is dave
 * kowalski and…", "ik ben bart de smet van…"): a first word, at most two
 * particles, a last word.
 */
export function grabLowerName(text: string): string | null {
  const words = text.trim().split(/\s+/).slice(0, 6);
  const isWord = (w: string | undefined) => w !== undefined && /^[\p{Ll}][\p{Ll}'’-]+$/u.test(w) && !STOP.has(fold(w));
  const first = words[0]?.replace(/[,.;:!?]+$/, '');
  if (!isWord(first) || /[,.;:!?]$/.test(words[0]!)) return null;
  let i = 1;
  const particles: string[] = [];
  while (i < words.length && particles.length < 2 && PARTICLES.has(fold(words[i]!))) {
    particles.push(words[i]!);
    i++;
  }
  const last = words[i]?.replace(/[,.;:!?]+$/, '');
  if (!isWord(last)) return null;
  return [first, ...particles, last].join(' ');
}

/** Whether a name the writer typed shares a word with their From name or address ("joke.vanacker" ↔ "Joke Van Acker"). */
export function corroborated(name: string, sender: Mailbox | null): boolean {
  if (!sender) return false;
  const local = fold(sender.address.split('@')[0] ?? '');
  const known = new Set(
    fold(`${sender.name ?? ''} ${local}`)
      .split(/[^a-z]+/)
      .filter((w) => w.length >= 3),
  );
  const squashed = local.replace(/[^a-z]/g, '');
  return fold(name)
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 3 && !PARTICLES.has(w))
    .some((w) => known.has(w) || squashed.includes(w));
}

const PAREN_TITLE = /\s*\((?:mr|mrs|ms|miss|dr|prof|mme|mlle|m|mevr|dhr)\.?\)\s*$/i;

/**
 * A name written surname first, the surname in capitals, then a comma and the
 * given name: "KOWALCZYK, Tomasz (Mr)", "DE CLERCQ, Hilde" (registers, schools,
 * administrations). Returns the name as written (without a title in
 * parentheses) and what follows it on the line, or null.
 */
export function surnameCommaName(line: string): { name: string; rest: string } | null {
  const m =
    /^((?:\p{Lu}[\p{Lu}'’-]+\s+){0,3}\p{Lu}[\p{Lu}'’-]+),\s*(\p{Lu}\p{Ll}[\p{L}'’-]*(?:\s+\p{Lu}\p{Ll}[\p{L}'’-]*)?)(\s*\([^()]*\))?(?=$|\s*[,|–—•·▪●■◆◦∙⋅]|\s-\s)(.*)$/u.exec(
      line.trim(),
    );
  if (!m) return null;
  const surname = m[1]!.split(/\s+/);
  const given = m[2]!.split(/\s+/);
  if (surname.some((t) => letters(t) < 2 && !PARTICLES.has(fold(t)))) return null;
  if (![...surname, ...given].every((t) => isNameWord(t) || PARTICLES.has(fold(t)))) return null;
  if ([...surname, ...given].some((t) => isOrgWord(t) || isLegalForm(t))) return null;
  if (m[3] && !PAREN_TITLE.test(m[3])) return null;
  const rest = m[4]!.replace(/^\s*(?:[,|–—•·▪●■◆◦∙⋅]|-)\s*/u, '').trim();
  return { name: `${m[1]}, ${m[2]}`, rest };
}
