// Organisation names as people write them: "ASBL Les Amis", "Bakkerij Peeters
// BV", "Northwind Traders Ltd", "vzw De Speelpleinwerking", "Dupont et Fils".

import { fold } from '../text-tools.ts';
import { isRoleWord } from './roles.ts';

export const LEGAL_FORMS =
  'asbl|aisbl|vzw|ivzw|vog|srl|sprl|sa|nv|bv|bvba|cv|cvba|scrl|sc|scs|snc|commv|comm\\.v|vof|ltd|limited|llc|inc|plc|gmbh|sarl|sas|eurl|ag|corp|llp|stichting|ev|ggmbh|ohg|gbr';
const LEGAL_FORM = new RegExp(`^(${LEGAL_FORMS})\\.?$`, 'i');
// Short forms that are ordinary words in lower case ("sa", "cv", "ag", "sc") count only in capitals.
const CASE_SENSITIVE_FORMS = new Set(['sa', 'cv', 'ag', 'sc', 'bv', 'nv', 'inc', 'corp', 'sas']);

export const ORG_WORDS =
  'association|asbl|vzw|club|societe|entreprise|bedrijf|firma|vereniging|school|ecole|company|charity|foundation|fondation|stichting|bakkerij|boulangerie|cabinet|kabinet|atelier|studio|agence|agency|groupe|group|cooperative|cooperatie|federation|federatie|restaurant|cafe|hotel|garage|pharmacie|apotheek|clinique|kliniek|centre|centrum|collectif|collectief|ligue|scouts|chiro|patro|organisation|organization|organisatie|commune|gemeente|municipality|municipalite|municipalitat|gemeentebestuur|academie|academy|fabriek|brasserie|brouwerij|boutique|winkel|magasin|shop|jeugdhuis|maison|huis|salon|kapsalon|kring|academie|society|trust|institute|institut|circle|cercle|choir|chorale|koor|harmonie|fanfare|practice|praktijk|playgroup|college|lycee|athenee|atheneum|communale|stad|ville|province|provincie|ocmw|cpas|universite|universiteit|university|hogeschool|gemeentebestuur|administration communale|guides|gidsen|ksa|kaj|jeugdbeweging|mutualite|ziekenfonds|parochie|paroisse|institute|instituut|lyceum|basisschool|kleuterschool|nursery|creche|kinderopvang|daycare|kindergarten|preschool|pharmacy|clinic|surgery|hospital|ziekenhuis|hopital|library|bibliotheek|bibliotheque|museum|musee|theatre|theater|orchestra|orchestre|orkest|ensemble|band|troupe|comite|committee|council|parish|residence|woonzorgcentrum|rusthuis|church|chapel|cathedral|eglise|kerk|kerkfabriek|fabrique|temple|mosque|mosquee|moskee|synagogue|abbey|abbaye|abdij|congregation|cuma|etude|notariaat|huisartsenpraktijk|groepspraktijk|unite|cooperative|cooperatief|syndicat|vakbond|union|gilde|confrerie|broederschap|amicale|fanfare|fondazione|mutualiteit|vzw|bibliotheek|immo|immobiliere|vastgoed|makelaardij|consulat|consulate|consulaat|ambassade|embassy|camping|campsite|auberge|hostel|herberg|jeugdherberg|conservatoire|conservatorium|conservatory|agentschap|agence|laboratory|laboratoire|labo|lab|center|centre|centrum' +
  // Trades and practices that name a business by what it does: "Carrosserie Delhez", "Benali Dental Care".
  '|collective|optique|opticien|optiek|optician|opticians|carrosserie|boucherie|menuiserie|epicerie|librairie|imprimerie|fromagerie|patisserie|quincaillerie|droguerie|papeterie|poissonnerie|serrurerie|charcuterie|chocolaterie|plomberie|dental|dentaire|veterinary|veterinaire|services|solutions|consulting|consultancy|catering|construction|constructions|engineering|motors' +
  // Shops and eateries people run and name by their trade: "Snack Le Palmier", "Frituur 't Pleintje", "Yilmaz Market".
  '|snack|snackbar|frituur|friterie|friture|frietkot|pizzeria|traiteur|taverne|tearoom|cafetaria|bistro|bakery|butcher|butchers|grocery|grocer|market|minimarket|supermarket|superette|supermarche|markt|supermarkt|nachtwinkel|takeaway|coiffure|coiffeur|kapper|barbershop|cohousing|cohabitat' +
  // German, as written in East Belgium.
  '|verein|gemeinde|schule|praxis|genossenschaft|stiftung|kirche|pfarre|pfarrei|chor|feuerwehr|krankenhaus|klinik|gesellschaft|zentrum' +
  // "The Ghent Food Bank", "Banque alimentaire", "Voedselbank" (and the suffix below).
  '|bank|banque' +
  // Bodies of people joined by a craft or a cause: "Waterloo Quilters' Guild", "Brussels Refugee Support Network".
  '|guild|guilde|network|netwerk|alliance|league|fellowship' +
  // A trade typed after the owner's own name makes the line a business's: "Mia Holloway Photography", "Jonas Verbeke
  // Fotografie", "Sofie Claes Design", "An Peeters Coaching" (the name alone is the person; with the trade, the firm).
  '|photography|photographie|fotografie|design|coaching|consultants|architecture|architectuur|interiors|productions|translations|traductions|vertalingen';
const ORG_WORD = new RegExp(`^(${ORG_WORDS})$`);

const CONNECTORS = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'van',
  'der',
  'den',
  'het',
  "'t",
  'of',
  'the',
  'for',
  'voor',
  'pour',
  'en',
  'et',
  'and',
  '&',
  '+',
  'op',
  'aan',
  'sur',
  'in',
  // "Amis du Vieux Marché aux Puces", "Les Compagnons aux Sabots": a contraction inside a name ("au" and "à" mostly
  // introduce a place, "Les Amis à Namur").
  'aux',
]);
const CONJUNCTIONS = new Set(['en', 'et', 'and', '&', '+']);
const PRONOUNS = new Set(['i', 'je', 'ik', 'we', 'wij', 'nous', 'my', 'mon', 'ma', 'mijn', "i've", "i'm", "i'd", "i'll", "we're", "we've", "j'ai", 'je', 'ik']);
// Words that are never an organisation on their own ("La direction" → not "La").
const ARTICLES = new Set(['la', 'le', 'les', 'de', 'het', 'the', 'a', 'an', 'un', 'une', 'een', "l'", 'des', 'du', 'our', 'notre', 'onze', 'nos']);
// Parts of an organisation's name that people write in lower case: "Davidsfonds afdeling Tielt".
const SUBUNITS = new Set(['afdeling', 'afd', 'section', 'branch', 'chapter', 'antenne', 'regionale', 'locale', 'local', 'department', 'dienst', 'service']);
// Connectors that begin a new clause rather than continue a name.
const CLAUSE_WORDS = new Set(['for', 'voor', 'pour', 'in', 'op', 'aan', 'sur']);

// Abbreviations inside a name keep their dot and end nothing: "St. Mary's Youth Club", "Ste. Famille".
const NAME_ABBREVIATION = /^(St|Ste|Sts|Dr|Mt|Ft|Kon|Kgl|Koninkl|Kath|Vl|Prov|Cie|Soc|Assoc|Univ|Inst|Roy)\.$/;

function bare(token: string): string {
  // "'t" and "'s" are Dutch articles ("Van 't Hof Elektro BV"), not quotes.
  if (/^['’][ts]$/i.test(token)) return token;
  // "Students' Association", "Parents' Council": a plural possessive keeps its apostrophe.
  if (/^\p{Lu}\p{L}+s['’]$/u.test(token)) return token.replace(/^[("“«]+/, '');
  return token.replace(/^[("'“«]+/, '').replace(/[)"'”»,;:!?]+$/, '');
}

// "Verhaeghe Logistics nv", "Dupont sa": short forms typed in lower case
// count only right after a name, and "bv." (bijvoorbeeld) never does.
// "sa", "cv", "ag" are also words ("Dupont sa filiale"): only at a clause's end.
const LOWER_TRAILING_FORMS = new Set(['nv', 'bv']);
const LOWER_CLOSING_FORMS = new Set(['sa', 'cv', 'ag']);

function isTrailingLowerForm(original: string, next: string | undefined): boolean {
  const token = bare(original).replace(/\.$/, '');
  if (LOWER_TRAILING_FORMS.has(token)) return !/^bv\./.test(original);
  return LOWER_CLOSING_FORMS.has(token) && (next === undefined || /[,;:!?.)]$/.test(original) || /^(et|and|en)$/.test(next));
}

export function isLegalForm(token: string): boolean {
  const t = token.replace(/\.$/, '');
  if (!LEGAL_FORM.test(t)) return false;
  // German "e.V." (eingetragener Verein), undotted "eV": only in that spelling ("EV", "ev" are other words).
  if (t.toLowerCase() === 'ev') return t === 'eV';
  return !CASE_SENSITIVE_FORMS.has(t.toLowerCase()) || t === t.toUpperCase() || t === 'Inc' || t === 'Corp';
}

// Dutch writes compounds: "Dansschool", "Advocatenkantoor", "Voetbalclub".
// Dutch writes a body's type into one word with its name: "Sint-Jozefscollege", "Gezinsbond", "Stadsbibliotheek".
const ORG_SUFFIX =
  /^.{3,}(school|club|kantoor|bedrijf|winkel|vereniging|centrum|werking|erij|apotheek|atelier|fonds|raad|huis|academie|akademie|salon|college|atheneum|lyceum|instituut|bibliotheek|praktijk|kliniek|federatie|gilde|koor|orkest|harmonie|fanfare|parochie|ziekenhuis|museum|theater|bond|kring|bank|bureau|maatschappij|groep|verein|schule|praxis|gemeinde|genossenschaft|gesellschaft|stiftung|klinik|zentrum)$/;

export function isOrgWord(token: string): boolean {
  const t = fold(token).replace(/[^\p{L}'-]/gu, '');
  return ORG_WORD.test(t) || ORG_SUFFIX.test(t);
}

function isProperWord(token: string): boolean {
  return /^[\p{Lu}\p{N}]/u.test(token) || /^(l|d)['’]\p{Lu}/u.test(token) || isLegalForm(token);
}

const GENERIC_NOUNS = new Set([
  'association',
  'société',
  'societe',
  'entreprise',
  'organisation',
  'organization',
  'organisme',
  'structure',
  'company',
  'charity',
  'business',
  'firm',
  'vereniging',
  'bedrijf',
  'firma',
  'organisatie',
  'onderneming',
]);

/**
 * The organisation named at the start of a text ("l'ASBL Les Amis à Namur" →
 * "ASBL Les Amis"), or null when what follows is not a name ("une petite
 * association", "the account").
 */
// A name's own capitalised article: "De Snelle Trappers", "Les Joyeux", "L'Union".
const OWN_ARTICLE = /^(?:De|Het|'t|Les|Le|La|The|L['’]\p{Lu}.*)$/u;

// A lower-case word describing a body, with or without an elided connector before it ("philatélique", "d'histoire").
const DESCRIBING = /^(?:[dl]['’])?\p{Ll}[\p{Ll}-]+$/u;

// A describing adjective is a word of five letters or more ("dentaire", "social", "royal"), not a preposition or an
// adverb that a place or our product follows ("near Ypres", "on Bpart", "naast Gent").
const ADJECTIVE_LIKE = /^\p{Ll}[\p{Ll}-]{4,}$/u;
const ELIDED_OF = /^d['’]\p{Ll}{4,}$/u;
const PREPOSITIONS = new Set(
  (
    'near nabij naast achter tegen tegenover beside behind inside outside under above below along among during since until without within across ' +
    'pres apres avant depuis pendant devant derriere contre parmi selon sans sous entre vers chez aupres onder boven zonder tussen tijdens sinds'
  ).split(' '),
);

/**
 * "Conseil consultatif communal des aînés de Braine-le-Comte", "Internat autonome de Huy": French names a public body with
 * one capitalised word, its describing words in lower case, then the place. A capitalised word that opens the text, of
 * five letters or more, followed by a describing adjective, is such a body's head when the name then reaches a connector
 * and a capitalised place (checked by the caller); whatever the word ("Conseil", "Internat", "Commission"), not a role.
 */
/** "l'école" → "école": a body word with its elided article, taken inside a name. */
function elidedHead(token: string): string {
  return token.replace(/^[ld]['’](?=\p{Ll})/u, '');
}

function frenchHead(taken: string[], raw: string[], i: number): boolean {
  if (taken.length !== 1 || i !== 1) return false;
  const head = taken[0]!;
  const next = fold(bare(raw[1]!));
  // (An adverb is no describing word: "Namur heureusement de …", "Namur depuis longtemps de …".)
  return /^\p{Lu}\p{Ll}{4,}$/u.test(head) && !isRoleWord(head) && ADJECTIVE_LIKE.test(bare(raw[1]!)) && !PREPOSITIONS.has(next) && !/ment$/.test(next);
}

/**
 * French typography sets its quotes apart ("« Le Gardon »"): a quote standing alone is no word, so the name in it is read as
 * if the quotes were set close ("«Le Gardon»", a quoted name the span rules know), and given back with the writer's spaces.
 */
export function grabOrganisation(text: string): string | null {
  return withoutPossessive(text, grabQuoted(text));
}

/**
 * "the Antwerp Rowing Club's account", "our Book Circle's page": a name after an article, then the possessive before what is
 * the body's, is the body's name without the "'s" (a firm named with one, "Nando's", takes no article).
 */
function withoutPossessive(text: string, value: string | null): string | null {
  if (!value || !/\p{L}['’]s$/u.test(value) || !/^\s*(?:the|our|their)\s/iu.test(text)) return value;
  const at = text.indexOf(value);
  if (at < 0 || !/^\s+\p{Ll}/u.test(text.slice(at + value.length))) return value;
  return value.slice(0, -2);
}

function grabQuoted(text: string): string | null {
  // Only after a word (the body's kind): a whole body in quotes keeps its own reading ("« Les Gais Lurons » asbl").
  if (!/\S\s+«\s+\S[^»]{0,50}?\s+»/u.test(text)) return grabSpan(text);
  const value = grabSpan(text.replace(/«\s+/gu, '«').replace(/\s+»/gu, '»'));
  return value && value.replace(/«(?=\S)/gu, '« ').replace(/(?<=\S)»/gu, ' »');
}

function grabSpan(text: string): string | null {
  // Dutch "'t" before a name is the article its name keeps ("van 't Straatcomité X", "bij ’t Kapelleke"): the name is read
  // after it and keeps it.
  const article = /^\s*(['’]t)\s+(?=\p{Lu})/u.exec(text);
  if (article) {
    const name = grabSpan(text.slice(article[0].length));
    return name ? `${article[1]} ${name}` : null;
  }
  let rest = text.trim().replace(/^(l['’]|la |le |the |de |het |onze |our |notre |mijn |my |mon |ma )/, '');
  rest = rest.replace(/^(l['’]|la |le |the |de |het )/, '');
  const raw = rest.split(/\s+/).slice(0, 12);
  const taken: string[] = [];
  let nested = false;
  for (let i = 0; i < raw.length; i++) {
    const original = raw[i]!;
    const token = bare(original);
    if (!token) break;
    // "GO! Basisschool De Wegwijzer": initials with an exclamation mark, then a body word, are one name.
    const brand = /^\p{Lu}{2,5}!$/u.test(original) && raw[i + 1] !== undefined && isOrgWord(bare(raw[i + 1]!));
    const endsClause =
      (/[,;:!?)]$/.test(original) && !brand) ||
      (/\.$/.test(original) && !isLegalForm(token) && !NAME_ABBREVIATION.test(token) && token.length > 2) ||
      // A legal form leading a name never takes a full stop before it: "… Accountants BV. If you are …" ends there.
      (taken.length === 0 && /\.$/.test(original) && isLegalForm(token) && !/^(?:\p{L}\.)+$/u.test(original));
    const lower = fold(token);
    const next = raw[i + 1] ? bare(raw[i + 1]!) : '';
    // "Agence Locale pour l'Emploi (ALE) de Forest": the name's own acronym in parentheses, the name going on after it
    // (a connector, then a name word), is part of the name.
    if (
      taken.length > 1 &&
      /^\(\p{Lu}{2,6}\)$/u.test(original) &&
      raw[i + 1] &&
      CONNECTORS.has(fold(bare(raw[i + 1]!))) &&
      !CLAUSE_WORDS.has(fold(bare(raw[i + 1]!))) &&
      !CONJUNCTIONS.has(fold(bare(raw[i + 1]!))) &&
      raw[i + 2] &&
      isProperWord(bare(raw[i + 2]!))
    ) {
      taken.push(original);
      continue;
    }
    // A parenthesis after the name is an aside, not part of it: "vzw X (asbl Y)".
    if (taken.length > 0 && /^[([]/.test(original)) break;
    // The body's kind, then its name in quotes ('Société des Gilles "Les Récalcitrants" de Binche', 'Cercle horticole
    // «Les Amis» Fosses'): the closing quote ends the name; a place after it is where the body is (a legal form is its own).
    // (A year after it is the name's: 'Pétanque Club "Les Cigales" 1998'.)
    if (
      i >= 2 &&
      /["”»]$/.test(raw[i - 1]!) &&
      raw.slice(1, i).some((t) => /^["“«]/.test(t)) &&
      !/^["“«]/.test(raw[0]!) &&
      !isLegalForm(token) &&
      !/^\d/.test(token)
    )
      break;
    // "Ukrainian Community in Liège asbl", "Cabinet Dupont à Uccle SRL": a place, then the legal form that closes the name,
    // is inside the registered name (a place after the legal form, or with none, stays outside: "… ASBL in Gent").
    if (
      taken.length > 0 &&
      /^(?:in|à|a|te|at)$/.test(lower) &&
      !/[,;:!?.]$/.test(original) &&
      raw[i + 1] &&
      /^\p{Lu}[\p{Ll}'’-]+$/u.test(bare(raw[i + 1]!)) &&
      !/[,;:!?.]$/.test(raw[i + 1]!) &&
      raw[i + 2] &&
      isLegalForm(bare(raw[i + 2]!)) &&
      (raw[i + 3] === undefined || /[,;:!?.)]$/.test(raw[i + 2]!) || CONJUNCTIONS.has(fold(bare(raw[i + 3]!))))
    ) {
      taken.push(
        token,
        bare(raw[i + 1]!),
        bare(raw[i + 2]!).replace(/\.$/, isLegalForm(bare(raw[i + 2]!)) && /^(?:\p{L}\.)+$/u.test(bare(raw[i + 2]!)) ? '.' : ''),
      );
      break;
    }
    // "Les Amis du Four à pain de Sart-Dames-Avelines", "Moulin à vent de Lennik": a thing "à" what it works with, in lower
    // case, is one noun of the name, which goes on after it (no place: "à" before a capital is where the body is).
    if (
      taken.length > 0 &&
      lower === 'a' &&
      /^à$/u.test(original) &&
      raw[i + 1] &&
      /^\p{Ll}{3,}$/u.test(raw[i + 1]!) &&
      raw[i + 2] &&
      /^(?:de|du|des|d['’]\p{Lu})/u.test(raw[i + 2]!) &&
      raw[i + 3] !== undefined
    ) {
      taken.push(token, raw[i + 1]!);
      i += 1;
      continue;
    }
    if (taken.length > 0 && isProperWord(taken[taken.length - 1]!) && isTrailingLowerForm(original, raw[i + 1])) {
      taken.push(token.replace(/\.$/, ''));
      break;
    }
    if (isProperWord(token) && !(taken.length === 0 && PRONOUNS.has(lower))) {
      if (PRONOUNS.has(lower) && taken.length > 0) break;
      taken.push(brand ? original : NAME_ABBREVIATION.test(token) && raw[i + 1] ? token : token.replace(/\.$/, isLegalForm(token) ? '.' : ''));
      // A legal form after the name closes it: "Greenleaf Catering Ltd and I've…".
      if (taken.length > 1 && isLegalForm(token)) break;
    } else if (taken.length === 0 && isOrgWord(token)) {
      taken.push(token);
    } else if (
      // "Association des parents de l'école communale du Bois", "Comité des fêtes de l'école X": whom the body is for, then
      // the body it is of, a body word in lower case with its elided article; the name goes on from there.
      taken.length > 0 &&
      isOrgWord(taken[taken.length - 1]!) &&
      (lower === 'de' || lower === 'du' || lower === 'des') &&
      raw[i + 1] &&
      /^\p{Ll}[\p{Ll}-]+$/u.test(raw[i + 1]!) &&
      !CONNECTORS.has(fold(raw[i + 1]!)) &&
      /^(?:de|du|des)$/.test(raw[i + 2] ?? '') &&
      /^l['’]\p{Ll}+$/u.test(raw[i + 3] ?? '') &&
      isOrgWord(raw[i + 3]!.slice(2)) &&
      raw[i + 4] !== undefined &&
      !/[,;:!?.]$/.test(raw[i + 3]!)
    ) {
      taken.push(token, raw[i + 1]!, raw[i + 2]!, raw[i + 3]!);
      nested = true;
      i += 3;
      continue;
    } else if (
      taken.length > 0 &&
      isOrgWord(taken[taken.length - 1]!) &&
      (lower === 'de' || lower === 'du' || lower === 'des' || lower === 'van' || lower === 'voor' || lower === 'for') &&
      raw[i + 1] &&
      /^\p{Ll}[\p{Ll}-]+$/u.test(bare(raw[i + 1]!)) &&
      !CONNECTORS.has(fold(bare(raw[i + 1]!))) &&
      !/[,;:!?.]$/.test(raw[i + 1]!) &&
      raw[i + 2] &&
      ((CONNECTORS.has(fold(bare(raw[i + 2]!))) &&
        !CLAUSE_WORDS.has(fold(bare(raw[i + 2]!))) &&
        !CONJUNCTIONS.has(fold(bare(raw[i + 2]!))) &&
        raw[i + 3] &&
        isProperWord(bare(raw[i + 3]!))) ||
        // The place with its connector elided into it: "Comité de jumelage d'Éghezée", "club de tennis d'Andenne".
        /^d['’]\p{Lu}\p{Ll}/u.test(bare(raw[i + 2]!)))
    ) {
      // "club de judo de Waterloo", "cercle van schaak van Aalst": what the body does, then where.
      taken.push(token, bare(raw[i + 1]!));
      i += 1;
      continue;
    } else if (
      // "Soins à domicile Gilson", "Aide à domicile Namur": a capitalised head, what it is done by ("à" and one word in
      // lower case), then the name that ends the part; only when the name closes the text (no sentence goes on).
      taken.length === 1 &&
      (lower === 'a' || lower === 'à') &&
      raw[i + 1] &&
      /^\p{Ll}{5,}$/u.test(raw[i + 1]!) &&
      !CONNECTORS.has(fold(raw[i + 1]!)) &&
      !PRONOUNS.has(fold(raw[i + 1]!)) &&
      raw[i + 2] &&
      isProperWord(bare(raw[i + 2]!)) &&
      !PRONOUNS.has(fold(bare(raw[i + 2]!))) &&
      raw.length === i + 3
    ) {
      taken.push(original, raw[i + 1]!, bare(raw[i + 2]!).replace(/\.$/, ''));
      break;
    } else if (
      taken.length > 0 &&
      (isOrgWord(elidedHead(taken[taken.length - 1]!)) || frenchHead(taken, raw, i)) &&
      DESCRIBING.test(token) &&
      !CONNECTORS.has(lower) &&
      !SUBUNITS.has(lower)
    ) {
      // "Cercle philatélique de Huy", "école fondamentale communale de Velaine": lower-case words
      // describing the body count when a connector and a name word follow them; the first may carry
      // an elided connector ("Cercle d'histoire locale de Wavre", "Club d'escrime de Liège").
      let j = i;
      while (j < raw.length && j - i < 3 && DESCRIBING.test(bare(raw[j]!)) && !CONNECTORS.has(fold(bare(raw[j]!))) && !/[,;:!?.]$/.test(raw[j]!)) j++;
      // "Conseil consultatif communal des aînés de Braine-le-Comte": whom the body is for ("des aînés", "des jeunes",
      // "du patrimoine"), in lower case, between its describing words and the place.
      if (
        j > i &&
        /^(?:des|du)$/.test(raw[j] ?? '') &&
        raw[j + 1] &&
        DESCRIBING.test(raw[j + 1]!) &&
        !CONNECTORS.has(fold(raw[j + 1]!)) &&
        /^(?:de|du|d['’]\p{Lu}.*)$/u.test(raw[j + 2] ?? '')
      )
        j += 2;
      const connector = raw[j] ? fold(bare(raw[j]!)) : '';
      // "Cercle apicole de la Haute-Meuse": a second connector ("la", "the", "het") may stand before the name word.
      const second = raw[j + 1] ? fold(bare(raw[j + 1]!)) : '';
      const skip = CONNECTORS.has(second) && !CONJUNCTIONS.has(second) && !CLAUSE_WORDS.has(second) ? 1 : 0;
      const after = raw[j + 1 + skip] ? bare(raw[j + 1 + skip]!) : '';
      // "Centre culturel d'Ottignies": the elided connector is one word with the name.
      const elided = raw[j] !== undefined && /^(?:d|l)['’]\p{Lu}/u.test(bare(raw[j]!));
      // "Cabinet dentaire Marchal", "Banque alimentaire Namur", "Secrétariat social Horizon": French puts the describing
      // adjective straight after the body word, the name right after it (not a role: "Club secretary Peter").
      const named =
        isOrgWord(taken[taken.length - 1]!) &&
        j > i &&
        j - i <= 2 &&
        raw[j] !== undefined &&
        !/[,;:!?.]$/.test(raw[j - 1]!) &&
        isProperWord(bare(raw[j]!)) &&
        !PRONOUNS.has(fold(bare(raw[j]!))) &&
        raw.slice(i, j).every(
          (w) =>
            !isRoleWord(bare(w)) &&
            // (Or what it is of, elided: "Fabrique d'église Saint-Remacle", "Club d'échecs Le Fou".)
            (ADJECTIVE_LIKE.test(bare(w)) || ELIDED_OF.test(bare(w))) &&
            !PREPOSITIONS.has(fold(bare(w))),
        );
      if (!elided && !named && (!CONNECTORS.has(connector) || CLAUSE_WORDS.has(connector) || CONJUNCTIONS.has(connector) || !after || !isProperWord(after)))
        break;
      for (let k = i; k < j; k++) taken.push(bare(raw[k]!));
      i = j - 1;
      continue;
    } else if (taken.length > 0 && isOrgWord(token) && !/[,;:!?.]$/.test(original)) {
      // "Administration communale de Gembloux", "Gemengd koor": a body-type word written in lower case inside the name.
      taken.push(token);
    } else if (
      taken.length > 0 &&
      CONNECTORS.has(lower) &&
      // "Center for Cancer Biology", "Vereniging voor Volkskunde": after a body-type word, "for" continues the name.
      // So after a body-type word and its capitalised qualifier: "Agence Locale pour l'Emploi", "Vlaamse Dienst voor Arbeidsbemiddeling".
      (!CLAUSE_WORDS.has(lower) ||
        (/^(for|voor|pour)$/.test(lower) &&
          (isOrgWord(taken[taken.length - 1]!) || (taken.length === 2 && isOrgWord(taken[0]!) && isProperWord(taken[1]!))))) &&
      next &&
      isProperWord(next)
    ) {
      if (CONJUNCTIONS.has(lower) && PRONOUNS.has(fold(next))) break;
      taken.push(token);
    } else if (
      taken.length > 0 &&
      (CONNECTORS.has(lower) || SUBUNITS.has(lower)) &&
      !CLAUSE_WORDS.has(lower) &&
      !CONJUNCTIONS.has(lower) &&
      !/[,;:!?.]$/.test(original)
    ) {
      // "Les Amis de la Forêt", "Dienst Cultuur van de Stad Oudenaarde": a run of
      // connectors counts when a name word follows it.
      let j = i + 1;
      while (j < raw.length && j - i <= 2 && CONNECTORS.has(fold(bare(raw[j]!))) && !CONJUNCTIONS.has(fold(bare(raw[j]!)))) j++;
      const after = raw[j] ? bare(raw[j]!) : '';
      if ((j === i + 1 && !SUBUNITS.has(lower)) || !after || !isProperWord(after) || PRONOUNS.has(fold(after))) break;
      for (let k = i; k < j; k++) taken.push(bare(raw[k]!));
      i = j - 1;
      continue;
    } else if (taken.length > 0 && /^(l|d)['’]/.test(token) && isProperWord(token.slice(2))) {
      taken.push(token);
    } else break;
    // (A body of a body runs longer: "Association des parents de l'école communale du Bois d'Havré".)
    if (endsClause || taken.length >= (nested ? 10 : 8)) break;
  }
  // "l'association Les Restos du Cœur", "het bedrijf Janssens Bouw": the kind
  // of body, typed in lower case before its name, is not part of that name.
  if (taken.length > 1 && GENERIC_NOUNS.has(taken[0]!) && isProperWord(taken[1]!)) taken.shift();
  // "onze wielerclub De Snelle Trappers", "notre amicale Les Joyeux Pétanqueurs": any body word in lower case
  // before a name that opens with its own capitalised article says what kind of body the name is.
  if (
    taken.length > 2 &&
    /^\p{Ll}/u.test(taken[0]!) &&
    isOrgWord(taken[0]!) &&
    !isLegalForm(taken[0]!) &&
    OWN_ARTICLE.test(taken[1]!) &&
    isProperWord(taken[2]!)
  )
    taken.shift();
  // "eigenaar van schoonmaakbedrijf KN Clean Service BV", "la boulangerie Dumont SRL": a name closed by its legal form is
  // the body's legal name whole; the lower-case kind before it is the writer's description.
  else if (
    taken.length > 2 &&
    /^\p{Ll}/u.test(taken[0]!) &&
    isOrgWord(taken[0]!) &&
    !isLegalForm(taken[0]!) &&
    isProperWord(taken[1]!) &&
    !isLegalForm(taken[1]!) &&
    isLegalForm(taken[taken.length - 1]!.replace(/[,.]$/, ''))
  )
    taken.shift();
  const name = taken.join(' ').replace(/\.$/, (dot) => (isLegalForm(taken[taken.length - 1] ?? '') ? dot : ''));
  const proper = taken.filter((t) => isProperWord(t) && !isOrgWord(t) && !ARTICLES.has(fold(t)));
  if (proper.length === 0) return null;
  if (taken.length === 1 && isLegalForm(taken[0]!)) return null;
  return name || null;
}

/** Capitalised words right before a legal form: "… gérante de Boulangerie Gérard SRL" → "Boulangerie Gérard SRL". */
export function organisationEndingAt(text: string, formIndex: number, form: string, throughDe = false, maxWords = 6): string | null {
  const before = text.slice(0, formIndex).trim().split(/\s+/).reverse();
  const taken: string[] = [form];
  for (const [k, original] of before.entries()) {
    const token = bare(original);
    if (/[,;:!?.]$/.test(original) || !token) break;
    // "Centre sportif local de Chaudfontaine ASBL", "Maison médicale de quartier ASBL": the body's kind, capitalised, then
    // words that qualify it in lower case; read back through them (three at most) to the kind.
    if (
      taken.length > 1 &&
      /^\p{Ll}[\p{Ll}'’-]+$/u.test(original) &&
      !PRONOUNS.has(fold(token)) &&
      !CONJUNCTIONS.has(fold(token)) &&
      !CLAUSE_WORDS.has(fold(token))
    ) {
      const kind = before.slice(k, k + 4).findIndex((t) => /^\p{Lu}/u.test(t) && isOrgWord(bare(t)) && !/[,;:!?.]$/.test(t));
      const between = before.slice(k, k + Math.max(kind, 0));
      if (
        kind > 0 &&
        between.every((t) => /^\p{Ll}[\p{Ll}'’-]+$/u.test(t) && !PRONOUNS.has(fold(t)) && !CONJUNCTIONS.has(fold(t)) && !CLAUSE_WORDS.has(fold(t)))
      ) {
        taken.unshift(
          ...before
            .slice(k, k + kind + 1)
            .reverse()
            .map(bare),
        );
        break;
      }
    }
    // A role before the body is the writer's, not part of its name: "Penningmeester VZW De Kring".
    if (isRoleWord(token)) break;
    if (isProperWord(token) && !PRONOUNS.has(fold(token))) taken.unshift(token);
    // "Kent & Co Ltd", "Dupont + Fils SRL": a symbol joins two parts of one name.
    else if ((token === '&' || token === '+') && taken.length > 1) taken.unshift(token);
    else if (CONNECTORS.has(fold(token)) && !CONJUNCTIONS.has(fold(token)) && taken.length > 1 && (throughDe || fold(token) !== 'de')) taken.unshift(token);
    else break;
    if (taken.length >= maxWords) break;
  }
  // A lower-case connector does not start a name; a capitalised one does ("Les Oursons ASBL").
  while (taken.length > 1 && CONNECTORS.has(fold(taken[0]!)) && !/^\p{Lu}/u.test(taken[0]!)) taken.shift();
  return taken.length > 1 ? taken.join(' ') : null;
}

/** A signature line that names an organisation rather than a place, a phone number or a role. */
export function looksLikeOrganisation(line: string): boolean {
  const tokens = line.trim().split(/\s+/).map(bare).filter(Boolean);
  if (tokens.length === 0 || tokens.length > 8) return false;
  if (tokens.some(isLegalForm) || tokens.some(isOrgWord)) return true;
  return tokens.filter(isProperWord).length >= Math.ceil(tokens.length / 2) && isProperWord(tokens[0]!);
}

// Sports clubs, youth movements and public bodies go by their initials: "KFC", "KVC", "RCS", "OCMW", "CPAS", "VUB".
const ACRONYM = /^(?:\p{Lu}{2,5}!?|\p{Lu}\.?\p{Lu}\.?\p{Lu}?\.?)$/u;
const LOWER_ACRONYMS = new Set([
  'kfc',
  'kvc',
  'rfc',
  'fc',
  'vc',
  'hc',
  'rc',
  'ksv',
  'sk',
  'ksk',
  'rsc',
  'krc',
  'kv',
  'tc',
  'bc',
  'ac',
  'ocmw',
  'cpas',
  'ksa',
  'kaj',
  'vzw',
  'asbl',
]);

/** One word that marks a body: a legal form, an organisation-type word, or its initials. */
export function isBodyWord(token: string, lowerCaseWriter = false, capitalsLine = false): boolean {
  const t = bare(token);
  if (!t) return false;
  if (isLegalForm(t) || isOrgWord(t)) return true;
  // On a line in capitals every short word looks like initials ("MARC VERMEULEN"): none counts as such.
  if (
    !capitalsLine &&
    ACRONYM.test(t) &&
    !/^(IT|ICT|HR|CEO|CFO|CTO|COO|VAT|BTW|TVA|GSM|SMS|PS|OK|NB|RE|FW|NL|FR|EN|ES|PT|VAN|VON|DE|DU|DA|DI|DEN|DER|DES|LE|LA|TER|TEN|DOS|DAS|DEL|MR|MRS|MS|DR|DHR|MME)$/.test(
      t,
    )
  )
    return true;
  // "BrusMUN", "GentMUN", "LeuvenJC": a name closed by its initials in capitals (not "McDonald", "DeSmet", nor a surname
  // typed in capitals after its particle, "DuPONT", "McKAY": people's).
  if (/^\p{Lu}\p{Ll}+\p{Lu}{2,4}$/u.test(t) && !/^(?:Mc|Mac|Du|De|Di|Da|Le|La|Van|Von|Ter|Ten)\p{Lu}/u.test(t)) return true;
  return lowerCaseWriter && LOWER_ACRONYMS.has(t.toLowerCase());
}

/** Whether a text names a body by one of its first words (not only by being capitalised). */
export function hasBodyMarker(text: string, lowerCaseWriter = false): boolean {
  const tokens = text.trim().split(/\s+/);
  const letters = text.replace(/[^\p{L}]/gu, '');
  const capitalsLine = tokens.length > 1 && letters.length > 5 && letters === letters.toUpperCase();
  return tokens.slice(0, 8).some((t) => isBodyWord(t, lowerCaseWriter, capitalsLine));
}

/** Whether a value is (or holds, as a whole word) one of our own company or product names. */
export function isOwnCompanyName(value: string, companyNames: readonly string[]): boolean {
  const folded = fold(value);
  return companyNames.some((n) => {
    if (!n) return false;
    const own = ownNamePattern(n);
    // The folded name written nowhere in the value: the pattern, which must match it, cannot.
    return folded.includes(own.folded) && own.re.test(folded);
  });
}

// Each company name's pattern, compiled once: the names are the configuration's (COMPANY_NAMES), the same for every
// message, and the reader asks of them for every candidate it weighs (a Unicode pattern is costly to compile).
const OWN_NAME_PATTERNS = new Map<string, { folded: string; re: RegExp }>();
function ownNamePattern(name: string): { folded: string; re: RegExp } {
  let own = OWN_NAME_PATTERNS.get(name);
  if (!own) {
    const folded = fold(name);
    own = { folded, re: new RegExp(`(^|[^\\p{L}\\p{N}])${folded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}\\p{N}]|$)`, 'u') };
    // Bounded: a caller with names of its own each time (a test, the evaluation) does not grow it without end.
    if (OWN_NAME_PATTERNS.size >= 64) OWN_NAME_PATTERNS.clear();
    OWN_NAME_PATTERNS.set(name, own);
  }
  return own;
}
