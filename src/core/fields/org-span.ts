// One span-completion step for an organisation read anywhere: whichever source proposed it, the
// value is taken to the natural end of the name phrase it sits in. Sources cut names short in ways
// no list of phrases can foresee ("le Réseau des bibliothèques de la Lesse" read as "Réseau", "ASBL
// Pouvoir organisateur des écoles …" read as "ASBL Pouvoir", "AGENCE DE CINEY" split from the
// "MUTUALITÉ SOLIDARIS – " before it); the phrase itself says where it ends.
//
// Rightwards, within the line the value was read on: genitive connectors (de, du, des, de la, d',
// van, van de, der, voor, of, of the, "&"), capitalised, all-caps or numbered words, legal forms and
// organisation-type words; one lower-case word right after a name word or a connector ("Pouvoir
// organisateur", "des écoles"), never two in a row. The span then ends on its last name word: a run
// of lower-case words or connectors with no name after it is given back. It stops at punctuation
// that ends a unit (, ; : . ! ? parentheses), a role word, a contact shape, an emoji, our own name.
// Leftwards only one shape: a branch named by its type and place ("AGENCE DE CINEY", "Provincie
// Limburg", "Afdeling Gent") after a dash, whose parent body stands before the dash on the line.

import { fold } from '../text-tools.ts';
import { isLegalForm, isOrgWord, isOwnCompanyName } from './organisations.ts';
import { isPlaceName } from './places.ts';
import { isRoleWord } from './roles.ts';
import { holdsContactLine } from './signature-block.ts';

const CONNECTORS = new Set(['de', 'du', 'des', 'aux', 'la', "l'", "d'", 'van', 'der', 'den', 'het', "'t", 'voor', 'of', 'the', '&', 'von', 'für', 'y']);
// Articles may follow a connector ("de la", "van de", "of the") but never start or end a name's tail.
const AFTER_CONNECTOR_ONLY = new Set(['la', "l'", 'het', 'the', 'den', 'der']);
// A branch of a body, named by its type and its place: it needs its parent.
const BRANCH_WORDS = new Set([
  'agence',
  'antenne',
  'section',
  'succursale',
  'bureau',
  'afdeling',
  'regio',
  'regionale',
  'provincie',
  'province',
  'district',
  'branch',
  'chapter',
  'region',
  'kantoor',
  'filiale',
  'zweigstelle',
  'ortsgruppe',
]);
const MAX_ADDED = 8;
// Words that start another phrase, never continue a name: places ("in Genval", "à Liège"), clauses, verbs of being.
const CLAUSE = new Set([
  'in',
  'a',
  'à',
  'at',
  'bij',
  'te',
  'chez',
  'op',
  'aan',
  'sur',
  'near',
  'to',
  'from',
  'uit',
  'en',
  'et',
  'and',
  'met',
  'with',
  'avec',
  'pour',
  'for',
  'sinds',
  'depuis',
  'since',
  'is',
  'est',
  'zijn',
  'are',
  'was',
  'sont',
  'qui',
  'die',
  'dat',
  'that',
  'which',
  'where',
  'waar',
  'ou',
  'où',
  'or',
  'but',
  'mais',
  'maar',
  'need',
  'heb',
  'ai',
  'have',
  'has',
  'hebben',
  // A subject pronoun starts the next clause, never ends a name ("Brussels male voice choir I have…", "RFC Lierneux et je…").
  'i',
  'je',
  'ik',
  'we',
  'wij',
  'il',
  'elle',
  'nous',
  'he',
  'she',
  'they',
  'hij',
  'zij',
  'jij',
]);

/** Whether a word starts a clause (a conjunction, an auxiliary, a subject pronoun, a preposition of place): a name never ends on one. */
export const isClauseWord = (token: string) => CLAUSE.has(norm(token));

type Kind = 'name' | 'lower' | 'connector' | 'stop';

// French adjectives of place, by their endings: "ourthoise", "namurois", "liégeoise", "montoise", "bruxellois".
const DEMONYM = /^\p{L}{3,}(?:ois|oise|oises|aise|aises)$/u;

function norm(token: string): string {
  return fold(token.replace(/[’]/g, "'")).replace(/^[("'“«]+|[)"'”».,;:!?]+$/g, '');
}

/** What one token is, for the span: a name word, a lower-case word, a connector, or a stop. */
function kindOf(token: string, companyNames: readonly string[]): Kind {
  const t = token.replace(/[’]/g, "'");
  if (/^[(\[]/.test(t)) return 'stop';
  // Emoji, pictographs and symbols end a name ("Judo Club Ippon Ciney 🥋").
  if (/[\p{Extended_Pictographic}\u{1F000}-\u{1FFFF}]/u.test(t)) return 'stop';
  const n = norm(t);
  if (!n) return 'stop';
  if (CONNECTORS.has(n)) return 'connector';
  if (/^[dl]'\p{L}/u.test(n)) return /^[dl]['’][\p{Lu}\d]/u.test(t) ? 'name' : 'lower';
  if (isRoleWord(n) || isOwnCompanyName(n, companyNames) || holdsContactLine(t) || CLAUSE.has(n)) return 'stop';
  if (/^[«"“]?[\p{Lu}\d]/u.test(t) || isLegalForm(n)) return 'name';
  if (/^\p{Ll}/u.test(t)) return 'lower';
  return 'stop';
}

// Punctuation after which a unit ends ("Cabinet des Tilleuls, Gembloux"; "… de la Lesse (Rochefort"):
// dots only when the token is not an abbreviation inside a name ("St.", "Kon.", "A.S.B.L.").
function endsUnit(token: string): boolean {
  if (/[,;:!?)\]]["'”»]?$/.test(token)) return true;
  if (/\.$/.test(token)) return !/^(?:\p{Lu}\p{Ll}{0,4}|(?:\p{L}\.)+)$/u.test(token);
  return false;
}

function tokensOf(text: string): string[] {
  return text.split(/[ \t]+/).filter(Boolean);
}

/** The line of `snippet` that holds `value` and where value starts in it, or null. */
function locate(value: string, snippet: string): { line: string; at: number } | null {
  for (const line of snippet.split(/\r?\n/)) {
    const at = line.indexOf(value);
    if (at >= 0) return { line, at };
  }
  for (const line of snippet.split(/\r?\n/)) {
    const at = fold(line).indexOf(fold(value));
    if (at >= 0 && fold(line).length === line.length) return { line, at };
  }
  return null;
}

// A capitalised word after "à" that names a thing, not a place or a person's title: "Caisses à Savon", not "à Liège".
function isThingAfter(token: string | undefined): boolean {
  if (!token || endsUnit(token)) return false;
  const t = token.replace(/[,.;:!?)]+$/u, '');
  return /^\p{Lu}\p{Ll}{2,}$/u.test(t) && !isPlaceName(t);
}

/**
 * A list of capitalised nouns a genitive governs, closed by a conjunction: "Academie voor Muziek, Woord en Dans", "École
 * de Musique, Danse et Théâtre". The value ends on the list's first noun right after its connector; the rest of the
 * list is returned ('' when the words after are no such list).
 */
function listedTail(value: string, after: string): string {
  const words = value.split(/\s+/);
  if (words.length < 3 || !GENITIVE.has(norm(words[words.length - 2]!))) return '';
  const m = /^,\s+((?:\p{Lu}\p{Ll}+,\s+){0,3}\p{Lu}\p{Ll}+\s+(?:en|et|and|&)\s+\p{Lu}\p{Ll}+)(?=[\s,.;:!?]|$)/u.exec(after);
  if (!m || m[1]!.split(/[\s,]+/).some((w) => isPlaceName(w))) return '';
  return `, ${m[1]!}`;
}

/**
 * A place after "in"/"of" that the body's own acronym in parentheses spells with it: "Filipino Nurses Association in
 * Belgium (FNAB)". Returned with its leading space, or '' when no acronym bears it out.
 */
function acronymTail(value: string, after: string): string {
  const m = /^\s+((?:in|of|de|du|van|voor|for)\s+(?:\p{Lu}[\p{L}'’-]*\s+){0,2}\p{Lu}[\p{L}'’-]*)\s+\((\p{Lu}{3,8})\)/u.exec(after);
  if (!m) return '';
  const initials = (text: string, all: boolean) =>
    text
      .split(/\s+/)
      .filter((w) => all || /^\p{Lu}/u.test(w))
      .map((w) => w[0]!.toUpperCase())
      .join('');
  const whole = `${value} ${m[1]!}`;
  return [initials(whole, false), initials(whole, true)].includes(m[2]!) && !initials(value, false).startsWith(m[2]!) ? ` ${m[1]!}` : '';
}

/** The words after `value` on its line that continue its name, or '' when none do. */
function rightTail(value: string, after: string, companyNames: readonly string[], prose: boolean): string {
  // The value must end at a word boundary, and not already at a unit's end.
  if (/^[\p{L}\d]/u.test(after) || endsUnit(value.split(/\s+/).pop() ?? '')) return '';
  const tokens = tokensOf(after).slice(0, MAX_ADDED + 4);
  let previous: Kind = 'name';
  // The kind before the previous token: a lower-case word after a connector is a noun of the name ("de la collégiale").
  let earlier: Kind = 'name';
  let lowers = 0;
  let keep = 0;
  for (let i = 0; i < tokens.length && i < MAX_ADDED; i++) {
    const token = tokens[i]!;
    let kind = kindOf(token, companyNames);
    // "Course de Caisses à Savon": "à" before a capitalised word that is not a place ("à Liège") is inside the name.
    // It needs a genitive after the thing ("à Savon de Theux"): "Ponton à Wépion." names a place the list does not hold.
    if (['a', 'à'].includes(norm(token)) && token !== 'a' && previous === 'name' && isThingAfter(tokens[i + 1]) && GENITIVE.has(norm(tokens[i + 2] ?? '')))
      kind = 'connector';
    // "&" joins names on a line; in a sentence "and"/"et"/"en" start a new clause, so they are not connectors here at all.
    if (kind === 'connector' && AFTER_CONNECTOR_ONLY.has(norm(token)) && previous !== 'connector') kind = previous === 'name' && !prose ? 'connector' : 'stop';
    // "Centrum voor Basiseducatie" on a line; in a sentence "voor" as often starts a clause ("bij X voor de club").
    if (kind === 'connector' && prose && ['voor', 'für', 'y'].includes(norm(token))) kind = 'stop';
    if (kind === 'stop') break;
    // A kind of body in lower case closes a name ("Leuven Lions American football club", "De Keu biljartclub"); a
    // place's adjective after a name word ("la Truite ourthoise", "l'Union namuroise") belongs to it.
    const closing = kind === 'lower' && (isOrgWord(norm(token)) || (previous === 'name' && DEMONYM.test(norm(token))));
    if (kind === 'lower' && !closing) {
      if (previous === 'lower' || ++lowers > 2) break;
    }
    if (closing) {
      if (++lowers > 3) break;
      keep = i + 1;
    }
    if (kind === 'name' && /^[\p{Lu}]/u.test(token) && i > 0 && previous === 'lower' && earlier !== 'connector' && prose) {
      // "… Ippon Ciney samedi Marche": a name after a lower-case word in a sentence is another phrase; not after a noun a
      // connector governs ("Amis de l'orgue de la collégiale Sainte-Gertrude", "Vrienden van de abdij Sint-Andries"):
      // the noun and its proper name are one genitive.
      break;
    }
    earlier = previous;
    previous = kind;
    if (kind === 'name') keep = i + 1;
    if (endsUnit(token)) break;
  }
  return tokens.slice(0, keep).join(' ');
}

/** The parent body before a dash, when the value is a branch named by its type and place. */
function leftParent(value: string, before: string, companyNames: readonly string[]): string {
  const first = norm(value.split(/\s+/)[0] ?? '');
  if (!BRANCH_WORDS.has(first)) return '';
  const m = /^(.*\S)\s+[–—-]\s+$/u.exec(before);
  if (!m) return '';
  const tokens = tokensOf(m[1]!);
  // The parent is the whole run before the dash, made of name words and connectors only.
  if (tokens.length === 0 || tokens.length > 6) return '';
  if (!tokens.every((t) => ['name', 'connector'].includes(kindOf(t, companyNames)) && !endsUnit(t))) return '';
  if (kindOf(tokens[0]!, companyNames) !== 'name') return '';
  return `${m[1]!.trim()} – `;
}

/** The parent body after a comma, when the value is a branch ("Ypres Branch, The Royal British Legion", "Afdeling Gent, Natuurpunt"). */
function rightParent(value: string, after: string, companyNames: readonly string[]): string {
  const words = value.split(/\s+/);
  if (!BRANCH_WORDS.has(norm(words[0] ?? '')) && !BRANCH_WORDS.has(norm(words[words.length - 1] ?? ''))) return '';
  const m = /^\s*,\s*(.*\S)\s*$/u.exec(after);
  if (!m) return '';
  const tokens = tokensOf(m[1]!);
  // The parent is the rest of the line, made of name words and connectors only, starting with a name or an article.
  if (tokens.length === 0 || tokens.length > 6) return '';
  if (!tokens.every((t) => ['name', 'connector'].includes(kindOf(t, companyNames)) && !endsUnit(t))) return '';
  if (kindOf(tokens[tokens.length - 1]!, companyNames) !== 'name') return '';
  return `, ${m[1]!.trim()}`;
}

/**
 * The branch a body's name is followed by, after a comma: "Nationale Vrouwenbond, afdeling Lubbeek", "Ligue des Familles,
 * section de Ciney", "Royal Legion, Ypres branch". The branch word says the words after it are the same body's local part,
 * its place named in capitals (one to three words); in a sentence as on a line.
 */
function rightBranch(value: string, after: string): string {
  if (BRANCH_WORDS.has(norm(value.split(/\s+/).pop() ?? ''))) return '';
  const m =
    /^\s*,\s*((\p{L}+)\s+(?:(?:de|d['’]|du|van)\s*)?\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2}|\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2}\s+(\p{L}+))(?=\s*(?:[,.;:!?)]|$))/u.exec(
      after,
    );
  if (!m) return '';
  const word = norm(m[2] ?? m[3] ?? '');
  return BRANCH_WORDS.has(word) && word !== 'bureau' && /^\p{Ll}/u.test(m[2] ?? m[3] ?? '') ? `, ${m[1]!}` : '';
}

// A kind of body, or a compound ending on one ("oudercomité", "ouderraad", "jeugdclub").
function isKindWord(n: string): boolean {
  if (isOrgWord(n)) return true;
  for (let i = 3; i <= n.length - 4; i++) if (isOrgWord(n.slice(i))) return true;
  return false;
}

const ORDINAL = /^\d{1,3}(?:e|eme|ème|de|ste|st|nd|rd|th)?$/u;
const GENITIVE = new Set(['de', 'du', 'des', 'van', 'of', 'voor']);
const JOINING = new Set(['et', 'en', 'and']);

/**
 * The kinds of body written before a proper name that they govern, in a sentence or on a line: "het oudercomité van
 * basisschool De Regenboog", "oudercomité van GO! basisschool De Klimop", "à la 12e unité Scouts et Guides Pluralistes
 * d'Auderghem". Leftwards from the value: lower-case kinds of body (`isOrgWord`), capitalised words, a genitive
 * connector between them, "et"/"en"/"and" between two capitalised words, an ordinal before a kind. The head starts on a
 * kind (or its ordinal) and is taken only when the chain is more than one bare kind ("de club Vossem Otters" stays
 * "Vossem Otters"): a kind governed by another ("… van basisschool"), an ordinal, or a joined name.
 */
function leftChain(before: string, companyNames: readonly string[]): string {
  if (!/\s$/u.test(before)) return '';
  const tokens = tokensOf(before);
  let keep = 0;
  let linked = false;
  let closer: 'value' | 'kind' | 'name' | 'genitive' | 'joining' | 'ordinal' = 'value';
  for (let j = tokens.length - 1, steps = 0; j >= 0 && steps < 8; j--, steps++) {
    const t = tokens[j]!;
    // A brand in capitals with its "!" ("GO! basisschool") does not end a unit.
    if (endsUnit(t) && !/^\p{Lu}{2,}!$/u.test(t)) break;
    const n = norm(t);
    const kind = kindOf(t, companyNames);
    if (kind === 'lower' && isKindWord(n) && !/['’]/u.test(t)) {
      if (closer === 'genitive') linked = true;
      closer = 'kind';
      keep = tokens.length - j;
    } else if (ORDINAL.test(n) && closer === 'kind') {
      linked = true;
      closer = 'ordinal';
      keep = tokens.length - j;
    } else if (kind === 'name' && /^\p{Lu}/u.test(t) && ['value', 'kind', 'joining', 'genitive'].includes(closer)) {
      if (closer === 'joining') linked = true;
      closer = 'name';
    } else if (GENITIVE.has(n) && ['name', 'kind'].includes(closer)) {
      closer = 'genitive';
    } else if (JOINING.has(n) && closer === 'value') {
      closer = 'joining';
    } else break;
  }
  if (!keep || !linked) return '';
  return tokens.slice(tokens.length - keep).join(' ') + ' ';
}

/**
 * The organisation `value`, read in `snippet`, taken to the end of the name phrase it sits in (and,
 * for a branch after a dash, to its parent body). The value itself when it is not found in the
 * snippet or its phrase goes no further.
 */
export function completeOrganisation(value: string, snippet: string, companyNames: readonly string[] = [], options: { rules?: boolean } = {}): string {
  const v = value.trim();
  if (!v) return value;
  const place = locate(v, snippet);
  if (!place) return value;
  const { line, at } = place;
  const before = line.slice(0, at);
  const after = line.slice(at + v.length);
  // A line that reads as a sentence (a verb-bearing clause, with a full stop or over ten words) is prose.
  const prose = tokensOf(line).length > 10 || /[.!?]\s+\p{Lu}/u.test(line);
  // A sentence in capitals gives no case to tell a name from the words after it ("… SCOUT GROUP AND NEED TO DO").
  if (prose && !/\p{Ll}/u.test(line)) return value;
  let tail = rightTail(v, after, companyNames, prose);
  if (options.rules && !tail) {
    const listed = listedTail(v, after);
    if (listed) {
      const rest = after.slice(listed.length);
      const more = rightTail(`${v}${listed}`, rest, companyNames, prose);
      tail = `${listed}${more ? ` ${more}` : ''}`;
    } else tail = acronymTail(v, after).trimStart();
  }
  const head = prose ? '' : leftParent(v, before, companyNames);
  const sep = (tail && !/^\s/.test(after)) || tail.startsWith(',') ? '' : ' ';
  const parent = !prose && !tail ? rightParent(v, after, companyNames) : '';
  const branch = !tail && !parent ? rightBranch(v, after) : '';
  const whole = `${head}${v}${tail ? sep + tail : parent || branch}`;
  if (options.rules && !head && /^[\p{Lu}\d]/u.test(v)) return `${leftChain(before, companyNames)}${whole}`;
  return whole;
}

/**
 * Whether a value is only the kind of a body, naming none: "AGENCE", "Réseau", "Gemeente", "ASBL",
 * "De Bakkerij". Such a value came from a phrase cut short, or from a role's complement ("Responsable
 * d'agence").
 */
export function namesNoBody(value: string): boolean {
  const tokens = value.split(/\s+/).filter(Boolean);
  const named = tokens.filter((t) => {
    const n = norm(t);
    return (
      !CONNECTORS.has(n) &&
      !['le', 'les', 'een', 'a', 'an', 'un', 'une', 'notre', 'our', 'onze'].includes(n) &&
      !isLegalForm(n) &&
      !isOrgWord(n) &&
      !BRANCH_WORDS.has(n) &&
      !GENERIC.has(n) &&
      // A number or an ordinal beside the kind ("unité 12e", "groep 5", "section 3rd") counts units, names none.
      !/^\d{1,3}(?:e|eme|ème|de|ste|st|nd|rd|th)?$/u.test(n)
    );
  });
  return tokens.length > 0 && tokens.length <= 3 && named.length === 0;
}

// Kinds of body that are not in the organisation-type list because they are ordinary words too.
const GENERIC = new Set([
  'reseau',
  'netwerk',
  'network',
  'vereniging',
  'association',
  'organisation',
  'organisatie',
  'organization',
  'structure',
  'bureau',
  'office',
]);
