// Statements in free prose: "Je m'appelle Marie Dubois", "ik ben zaakvoerder
// van Bakkerij Peeters BV", "I run Northwind Traders".

import { fold } from '../text-tools.ts';
import type { Mailbox } from '../message.ts';
import { corroborated, grabLowerName, grabName, TITLE_ARTICLE } from './names.ts';
import { grabOrganisation, hasBodyMarker, isBodyWord, isLegalForm, isOrgWord, LEGAL_FORMS, organisationEndingAt } from './organisations.ts';
import { accountOrganisations, introducedOrganisations, roleClauseOrganisations } from './introductions.ts';

export interface Found {
  value: string;
  snippet: string;
}

// Explicit statements of one's name: a name typed in lower case after them still counts.
const STRONG_NAME_TRIGGERS = [
  /\bje m['’ ]?appelle\s+/gi,
  /\bmon nom (?:complet )?(?:est|c['’]est)\s*:?\s+/gi,
  /\bmoi,? c['’]est\s+/gi,
  /\bmijn (?:volledige )?naam is\s*:?\s+/gi,
  /\bik heet\s+/gi,
  /\bmy (?:full )?name is\s*:?\s+/gi,
  /\bmy name['’]s\s+/gi,
];
// "Name is Priya Raman-Shah, I look after…", "Naam is Jan Peeters": the label
// said as a sentence; only a capitalised name after it ("Name is required…").
const SENTENCE_NAME_TRIGGERS = [/^(?:(?:full|complete) )?name is\s*:?\s+/gi, /^(?:volledige )?naam is\s*:?\s+/gi];
// Phrases that introduce a name as often as something else ("je suis bloqué",
// "I'm locked out"): a lower-case name after them must be the From name too.
// A sentence adverb may stand between the verb and the name when the writer introduces themself midway:
// "Ik ben trouwens Wout Claeys", "Je suis d'ailleurs Marie Leroy", "I'm actually Tom Price", "This is, by the way, …".
const ASIDE = String.raw`(?:,?\s*(?:trouwens|overigens|eigenlijk|zelf|btw|actually|by the way|incidentally|d['’]ailleurs|au fait|en fait|moi-m[êe]me),?)?\s+`;
const WEAK_NAME_TRIGGERS = [
  new RegExp(String.raw`\bje suis${ASIDE}`, 'giu'),
  new RegExp(String.raw`\bik ben${ASIDE}`, 'giu'),
  new RegExp(String.raw`\bi am${ASIDE}`, 'giu'),
  new RegExp(String.raw`\bi['’]m${ASIDE}`, 'giu'),
  new RegExp(String.raw`\bthis is${ASIDE}`, 'giu'),
  /\bhier is\s+/gi,
  /\bici\s+/gi,
  new RegExp(String.raw`\bc['’]est${ASIDE}`, 'giu'),
];
const NAME_TRIGGERS = [...STRONG_NAME_TRIGGERS, ...WEAK_NAME_TRIGGERS, ...SENTENCE_NAME_TRIGGERS];

const TITLES_FR =
  "(?:g[ée]rante?|pr[ée]sidente?|vice-pr[ée]sidente?|responsable|directeur|directrice|administrat(?:eur|rice)(?: d[ée]l[ée]gu[ée]e?)?|tr[ée]sori(?:er|[èe]re)|secr[ée]taire|fondat(?:eur|rice)|co-?fondat(?:eur|rice)|coordinat(?:eur|rice)|propri[ée]taire|patronne?|gestionnaire|webmaster|admin|manager|comptable|membre du (?:bureau|conseil d[’']administration))";
const TITLES_NL =
  '(?:zaakvoerder|zaakvoerster|voorzitter|voorzitster|ondervoorzitter|ondervoorzitster|secretaris|secretaresse|penningmeester|penningmeesteres|leider|leidster|bestuurder|bestuurslid|eigenaar|eigenares|verantwoordelijke|co[öo]rdinator|directeur|manager|beheerder|oprichter|medeoprichter|boekhouder|zelfstandige)';
const TITLES_EN =
  '(?:owner|co-?owner|director|managing director|manager|office manager|treasurer|secretary|founder|co-?founder|administrator|admin|chair|chairman|chairwoman|chairperson|president|vice-president|ceo|cto|coo|cfo|head|coordinator|accountant|trustee|partner)';
const ORG_NOUNS_FR = '(asbl|association|soci[ée]t[ée]|entreprise|club|organisation|structure|commerce|boutique|cabinet|srl|sprl)';
const ORG_NOUNS_NL = '(vzw|vereniging|bedrijf|zaak|firma|organisatie|club|school|winkel|bv|nv|eenmanszaak)';
const ORG_NOUNS_EN = '(company|organisation|organization|charity|club|association|business|firm|school|shop|non-?profit)';

// Groups people describe themselves as before naming them: "a small choir, the Northgate Singers".
const GROUP_NOUNS =
  'choir|chorale|koor|band|fanfare|harmonie|orchestra|orchestre|orkest|team|[ée]quipe|ploeg|group|groupe|groep|practice|studio|atelier|collective|collectif|collectief|troupe|theatre|th[ée][âa]tre|toneelgroep';

// What kind of body, in lower-case words after its noun: "club de whist", "club de foot du quartier", "club voor
// kaarters", "club for seniors". Its name may follow in apposition, after a comma.
const KIND_QUALIFIER_FR = String.raw`(?:\s+(?:de|d['’]|du|des|pour)\s*[\p{Ll}'’-]+(?:\s+(?:du|de|des|d['’])?\s*[\p{Ll}'’-]+)?)`;
const KIND_QUALIFIER_NL = String.raw`(?:\s+(?:voor|van)\s+[\p{Ll}'’-]+(?:\s+[\p{Ll}'’-]+)?)`;
const KIND_QUALIFIER_EN = String.raw`(?:\s+(?:for|of)\s+[\p{Ll}'’-]+(?:\s+[\p{Ll}'’-]+)?)?`;

export // The parts of a body's work a writer looks after ("the admin", "les inscriptions", "de ledenlijst"): what a duty's verb
// names before the body it is done for, never the body itself.
const DUTY_WORK = String.raw`(?:admin(?:istration)?|administrati(?:f|ve|e)|paperwork|books|accounts|bookkeeping|membership|memberships|bookings|registrations|secretariat|secr[ée]tariat|comptabilit[ée]|inscriptions|partie administrative|boekhouding|(?:leden)?administratie|secretariaat|inschrijvingen|ledenlijst|website)`;
const DUTY_WORK_ONLY = new RegExp(String.raw`^(?:(?:the|our|my|les|la|le|l['’]|de|het|onze|mijn|du|des)\s*)?${DUTY_WORK}$`, 'iu');

// What the writer does for a body, up to where its name starts (see ORG_TRIGGERS: there a capital must follow; a writer
// who writes everything in lower case is read without it).
const DUTY_STATEMENTS: string[] = [
  // The part of the work the writer does for the body: "I run the admin side of Scoil Rince Brussels", "I do the books for
  // X", "je m'occupe de l'administratif de la X", "je tiens la comptabilité du X", "ik doe de administratie van X",
  // "ik beheer de ledenadministratie bij X"; with one word for which part of it ("I look after the court bookings for X"), or a
  // second part joined to it ("I keep the membership and payments records for X", "je tiens les inscriptions et paiements du X").
  String.raw`\b(?:i|je|ik|we|nous|wij)\s+(?:run|do|handle|manage|look after|take care of|keep|g[èe]re|m['’]occupe|tiens|fais|doe|beheer|verzorg|regel|hou|houd)\s+(?:de l['’]|de la |du |des |de |the |our |my |l['’]|la |le |les |het |ons |onze |mijn )?(?:\p{Ll}[\p{Ll}-]+\s+)?${DUTY_WORK}(?:\s+(?:and|&|et|en)\s+\p{Ll}[\p{Ll}-]+)?(?:\s+(?:side|part|end|work|stuff|list|lists|records|register))?\s+(?:of|for|at|de la|de l['’]|de|du|des|d['’]|van|voor|bij)\s*(?:the |de |het )?`,
  // The work as the writers' own, of a body: "voor onze ledenlijst van Femma Zonhoven", "for our bookings at the X",
  // "pour nos inscriptions du X" ("our" says they do it; what follows "of" is whose it is).
  String.raw`\b(?:our|onze|ons|notre|nos)\s+${DUTY_WORK}\s+(?:of|for|at|de la|de l['’]|de|du|des|d['’]|van|voor|bij)\s*(?:the |de |het )?`,
  // What the account is for, the work then whose it is: "Het is voor de ledenlijst van Femma Wetteren", "it's for the bookings of
  // X", "c'est pour les inscriptions du X" (the work named is the writer's errand; what follows "of" is whose it is).
  String.raw`\b(?:for|voor|pour)\s+(?:the|de|het|les|la|le|l['’])\s*${DUTY_WORK}\s+(?:of|at|de la|de l['’]|de|du|des|d['’]|van|bij)\s*(?:the |de |het )?`,
  // The same work said through what the writer uses our product for: "J'utilise Bpart pour les inscriptions de l'Internat
  // autonome de Huy", "I use it for the bookings of X", "ik gebruik Bpart voor de inschrijvingen van X".
  String.raw`\b(?:j['’]utilise|nous utilisons|on utilise|i use|we use|ik gebruik|we gebruiken|wij gebruiken)\s+[\p{L}'’-]+\s+(?:pour|for|voor)\s+(?:les |la |le |l['’]|the |our |my |de |het |onze |mijn )?${DUTY_WORK}\s+(?:of|for|at|de la|de l['’]|de|du|des|d['’]|van|voor|bij)\s*(?:the |de |het )?`,
];

const ORG_TRIGGERS: RegExp[] = [
  /\bje (?:g[èe]re|dirige|repr[ée]sente|administre|pr[ée]side|coordonne|m['’]occupe de|m['’]occupe du|m['’]occupe des)\s+/gi,
  /\bje travaille (?:pour|chez|au sein de|à|a)\s+/gi,
  /\b(?:pour le compte|au nom) (?:de|du|des|d['’])\s*/gi,
  new RegExp(`\\bje suis (?:le |la |l['’]|un |une )?${TITLES_FR}\\s+(?:de la |de l['’]|de |du |des |d['’]|chez |à |au sein de )`, 'gi'),
  new RegExp(`\\b(?:notre|mon|ma) ${ORG_NOUNS_FR}(?: s['’]appelle| se nomme| est|\\s*[:,])?\\s+`, 'gi'),
  // "notre club de whist, Les Amis de Namur, …": what the body is, then its name in apposition.
  new RegExp(`\\b(?:notre|mon|ma) ${ORG_NOUNS_FR}${KIND_QUALIFIER_FR}\\s*,\\s+`, 'giu'),
  /\bik (?:beheer|leid|vertegenwoordig|bestuur|run|co[öo]rdineer)\s+/gi,
  /\bik werk (?:voor|bij)\s+/gi,
  /\bnamens\s+/gi,
  // "Ik schrijf in naam van …", "in opdracht van …": the same, in more words.
  /\b(?:in (?:de )?naam|in opdracht) van\s+(?:de |het )?/gi,
  /\b(?:(?:je suis|nous sommes) (?:à|a) la t[êe]te|(?:ik sta|wij staan|we staan) aan het hoofd|(?:i am|i['’]m|we are|we['’]re) (?:at the head|in charge))\s+(?:de la |de l['’]|de |du |des |d['’]|van |of )(?:de |het |the )?/gi,
  new RegExp(`\\bik ben (?:de |een )?${TITLES_NL}\\s+(?:van|bij)\\s+`, 'gi'),
  // The post said of the person the writer writes for, in a relative clause ("voor mijn moeder, die penningmeester is van X"):
  // the account's body all the same (French and English say it in their own order, read by the phrases above).
  new RegExp(`\\b(?:die|dat) (?:de |een )?${TITLES_NL} (?:is|was) (?:van|bij)\\s+(?:de |het )?`, 'gi'),
  new RegExp(`\\b(?:onze|mijn) ${ORG_NOUNS_NL}(?: heet| is|\\s*[:,])?\\s+`, 'gi'),
  // Dutch writes the kind into one word: "onze wandelclub, De Stappers, …", "onze basisschool, De Regenboog, …".
  new RegExp(`\\b(?:onze|mijn) \\p{Ll}*${ORG_NOUNS_NL}${KIND_QUALIFIER_NL}?\\s*,\\s+`, 'giu'),
  /\b(?:I|[Ww]e) (?:run|manage|own|represent|lead|direct|administer|head|co-run|look after)\s+/g,
  /\bI work (?:for|at|with)\s+/g,
  /\bon behalf of\s+/gi,
  // An accountant or a bookkeeper for a client: "je tiens la comptabilité de l'ASBL X", "ik doe de boekhouding van VZW Y", "I keep the books for Z".
  /\b(?:je|nous)\s+(?:tiens|tenons|fais|faisons|g[èe]re|g[ée]rons|m['’]occupe de|nous occupons de|assure|assurons)\s+(?:la |les )?(?:comptabilit[ée]|comptes|paie|gestion administrative)\s+(?:de la |de l['’]|de |du |des |d['’]|pour )/gi,
  /\b(?:ik|wij|we)\s+(?:doe|doen|verzorg|verzorgen|beheer|beheren|hou|houd|houden)\s+(?:de )?(?:boekhouding|administratie|loonadministratie)\s+(?:van|voor|bij)\s+(?:de |het )?/gi,
  /\b(?:I|[Ww]e)\s+(?:do|keep|handle|look after|manage|run)\s+(?:the )?(?:books|accounts|bookkeeping|payroll|accounting)\s+(?:for|of|at)\s+(?:the )?/g,
  // Thanks or greetings from a group, in the closing sentence: "au nom de toute l'équipe du RFC Ciney",
  // "namens het bestuur van KSA X", "from all of us at the Hackney Chess Circle".
  /\b(?:au nom|de la part) (?:de |d['’])\s*(?:toute |tout )?(?:l['’][ée]quipe|le comit[ée]|le bureau|les membres|la direction|les b[ée]n[ée]voles)\s+(?:de la |de l['’]|du |des |de |d['’])\s*/gi,
  /\b(?:namens|vanwege)\s+(?:heel |het hele |de hele |de |het )?(?:team|ploeg|bestuur|leiding|leden|vrijwilligers|medewerkers)\s+(?:van|bij)\s+(?:de |het )?/gi,
  /\b(?:from|on behalf of) (?:all of us|everyone|everybody|the (?:whole )?team|the committee|the members|the volunteers)\s+(?:at|of|from)\s+(?:the )?/gi,
  // A group of people of the organisation: "wij zijn de leiding van Chiro X", "we are the committee of…".
  /\b(?:nous sommes|we are|we['’]re|wij zijn|we zijn)\s+(?:de |het |the |l['’]|le |la |les )?(?:leiding|bestuur|committee|comit[ée]|bureau|team|[ée]quipe|volunteers|b[ée]n[ée]voles|vrijwilligers|staff|board|leaders|animateurs|moniteurs)\s+(?:van|of|de la|de l['’]|de|du|des|at|bij|d['’])\s*(?:the |de |het )?/gi,
  // Who holds the account: "gestionnaire du compte du CPAS de Waremme", "beheerder van het account van X".
  /\b(?:gestionnaire|responsable|administrat(?:eur|rice)|titulaire|beheerder|verantwoordelijke|manager|administrator|admin|holder|owner)\s+(?:du |de l['’]|van het |of the )(?:[\p{L}]+[- ])?(?:compte|account|profiel|profile)\s+(?:de la |de l['’]|de |du |des |d['’]|van |voor |of |for )(?:the |de |het )?/giu,
  new RegExp(`\\bI(?: am|['’]m) (?:the |a |an )?${TITLES_EN}\\s+(?:of|at|for)\\s+`, 'g'),
  new RegExp(`\\b(?:our|my) ${ORG_NOUNS_EN}(?: is called| is named| called| named| is|\\s*[:,])?\\s+`, 'gi'),
  new RegExp(`\\b(?:our|my) (?:[\\p{Ll}-]+ ){0,2}?${ORG_NOUNS_EN}${KIND_QUALIFIER_EN}\\s*,\\s+`, 'giu'),
  // A role anywhere in a sentence: "Marie Dubois, trésorière de l'ASBL Les Amis".
  new RegExp(`\\b${TITLES_FR}\\s+(?:de la |de l['’]|de |du |des |d['’]|chez )`, 'gi'),
  new RegExp(`\\b${TITLES_NL}\\s+(?:van|bij)\\s+(?:de |het )?`, 'gi'),
  new RegExp(
    `\\b(?:owner|director|manager|treasurer|secretary|founder|co-?founder|chair|chairman|chairwoman|chairperson|president|ceo|coordinator|trustee|leader|group leader|team leader|captain|coach|organi[sz]er|administrator|volunteer|member|officer|lead|head|assistant|clerk|adviser|advisor)\\s+(?:of|at|for)\\s+(?:the )?`,
    'gi',
  ),
  // Who looks after the account: "I manage the account for X", "je m'occupe du compte de la X", "ik beheer het account van X".
  /\b(?:i|je|ik|we|nous|wij)\s+(?:manage|run|handle|look after|administer|administrate|g[èe]re|m['’]occupe|beheer|beheren)\s+(?:du |de |the |our |le |het |ons |onze |notre )?(?:[\p{L}]+[- ])?(?:account|compte|profiel|profile)\s+(?:for|of|de la|de l['’]|de|du|des|d['’]|van|voor)\s+(?:the |de |het )?/giu,
  ...DUTY_STATEMENTS.map((d) => new RegExp(`${d}(?=[\\p{Lu}\\d«"“])`, 'giu')),
  // "I'm Nina Roberts from the Lighthouse Theatre", "Sofie Verbruggen, van Dansschool Pirouette".
  /\b(?:I['’]m|I am|[Tt]his is|[Ii]t['’]s|[Jj]e suis|[Ii]k ben|[Mm]oi,? c['’]est|[Ii]ci|[Hh]ier is)\s+\p{Lu}[\p{L}'’-]+(?:\s+(?:\p{Lu}[\p{L}'’-]+|van|de|der|den|le|la|du))*\s*(?:,\s*(?:from|of|at|with|van|bij|uit|chez|de la|de l['’]|de)|\s(?:from|with|bij|uit|chez))\s+(?:the |de |het )?/gu,
  /^\p{Lu}[\p{L}'’-]+(?:\s+(?:\p{Lu}[\p{L}'’-]+|van|de|der|den)){1,3},\s*(?:from|of|at|with|van|bij|uit|chez|de la|de l['’]|du)\s+(?:the |de |het )?/gu,
  // "L'organisation est l'Étude du Notaire Noël", "Het gaat om Advocatenkantoor De Wolf".
  /\b(?:l['’]organisation|l['’]association|la soci[ée]t[ée]|l['’]entreprise|la structure|the organi[sz]ation|the company|the charity|the club|de organisatie|het bedrijf|de vereniging|de firma)\s+(?:est|is|:|c['’]est|heet|s['’]appelle)\s+/gi,
  /\b(?:het gaat om|het betreft|il s['’]agit de|it['’]s for|it is for|c['’]est pour)\s+/gi,
  /\b(?:nous sommes|we are|we['’]re|wij zijn|we zijn)\s+/gi,
  // "We're a small charity, Friends of Hollow Park, and…": the name in apposition.
  new RegExp(
    `\\b(?:nous sommes|we are|we['’]re|wij zijn|we zijn)\\s+(?:a|an|une?|een)\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:${ORG_NOUNS_FR.slice(1, -1)}|${ORG_NOUNS_NL.slice(1, -1)}|${ORG_NOUNS_EN.slice(1, -1)}|${GROUP_NOUNS})\\s*,\\s*`,
    'giu',
  ),
  // "Our club's account (Kingsbridge Chess Club)"
  /\b(?:account|compte|profiel|profile)\s*\(\s*/gi,
];

// "Ik ben Ward Michiels van Michiels Tuinen BV": after a full name, "van"/"de"
// may name a place ("Jan Peeters van Gent") as often as a business, so what
// follows counts only when it carries a legal form or an organisation word.
const NAME_THEN_VAN =
  /\b(?:I['’]m|I am|[Jj]e suis|[Ii]k ben|[Mm]oi,? c['’]est|[Ii]ci|[Hh]ier is)\s+\p{Lu}[\p{L}'’-]+\s+\p{Lu}[\p{L}'’-]+\s+(?:van|de|of)\s+(?=\p{Lu})/gu;

// The same statements by someone who writes everything in lower case.
const LOWER_ORG_TRIGGERS: RegExp[] = [
  // The same leads that introduce a capitalised name ("this is dave osei from …", "c'est marcel gerard de la …").
  /\b(?:i['’]?m|i am|je suis|ik ben|this is|hier is|ici|(?:moi,? )?c['’]est)\s+[a-z]+(?:\s+(?:van|de|der|den|le|la|du))*\s+[a-z]+\s*,?\s+(?:from|van de|van het|van|bij|uit|de la|du|chez)\s+(?:the |de |het )?/g,
  /\bje suis (?:le |la |l['’ ]|un |une )?(?:president|presidente|tresorier|tresoriere|secretaire|gerant|gerante|responsable|directeur|directrice|coordinateur|coordinatrice|administrateur|administratrice|fondateur|fondatrice)\s+(?:de la |de l['’ ]|de |du |des |d['’ ])/g,
  /\bik ben (?:de )?(?:zaakvoerder|zaakvoerster|voorzitter|voorzitster|secretaris|secretaresse|penningmeester|penningmeesteres|leider|leidster|bestuurder|bestuurslid|eigenaar|eigenares|verantwoordelijke|coordinator|oprichter)\s+(?:van|bij)\s+(?:de |het )?/g,
  /\bi(?:['’]?m| am) (?:the |a |an )?(?:owner|director|manager|treasurer|secretary|founder|chair|president|coordinator|trustee|admin|administrator)\s+(?:of|at|for)\s+(?:the )?/g,
  /\b(?:i|je|ik)\s+(?:manage|run|handle|look after|gere|beheer)\s+(?:the |our |le |het |ons |onze |notre )?(?:[a-z]+[- ])?(?:account|compte)\s+(?:for|of|de la|de l['’ ]|de|du|van|voor)\s+(?:the |de |het )?/g,
  // (Not a part of the work, then whose it is — "ik beheer de agenda van X", "i run the bar for X": the duty's reading takes X.)
  /\b(?:i run|i manage|i own|je gere|je dirige|ik beheer|ik leid)\s+(?!(?:the |our |de |het |onze )?[a-z-]+\s+(?:of|for|at|van|voor|bij)\s)(?:the |la |le |l['’ ]|de |het )?/g,
];

const LOWER_STOP = new Set([
  'a',
  'à',
  'in',
  'en',
  'te',
  'and',
  'et',
  'i',
  'je',
  'ik',
  'but',
  'mais',
  'maar',
  'want',
  'car',
  'so',
  'donc',
  'dus',
  'with',
  'met',
  'avec',
  'since',
  'depuis',
  'sinds',
  'my',
  'mon',
  'mijn',
  'and',
  'who',
  'qui',
  'die',
  'dont',
  'waar',
  'where',
  'pour',
  'for',
  'voor',
  // A subject pronoun starts the next clause of a run-on sentence typed without punctuation
  // ("… from ghent cricket club we play on sundays", "… de la chorale de stavelot nous chantons …").
  'we',
  'wij',
  'nous',
  'vous',
  'il',
  'elle',
  'ils',
  'elles',
  'hij',
  'zij',
  'ze',
  'jullie',
  'he',
  'she',
  'they',
  'you',
  // Adverbs and conjunctions that carry the clause on past the name ("… for the ghent gaelic football club anymore
  // because …", "… voor de wielerclub sinds gisteren", "… pour le club de tennis parce que …").
  'anymore',
  'because',
  'now',
  'today',
  'again',
  'please',
  'pls',
  'plus',
  'parce',
  'maintenant',
  'aujourd',
  'encore',
  'svp',
  'meer',
  'omdat',
  'nu',
  'vandaag',
  'weer',
  'aub',
]);

// The account the writer asks about is the head noun its owner's name qualifies ("the salon mira account", "our choir
// login"): a name stops before it ("de account van kapsalon kelly" opens with it, and the body follows its link).
const ACCOUNT_HEAD = /^(?:account|accounts|login|profile|profiel)$/;

function grabLowerOrganisation(text: string): string | null {
  const taken: string[] = [];
  for (const original of text.trim().split(/\s+/).slice(0, 8)) {
    const word = original.replace(/[,.;:!?)]+$/, '');
    if (!/^[\p{Ll}\d][\p{Ll}\d'’&-]*$/u.test(word) || LOWER_STOP.has(word)) break;
    taken.push(word);
    if (word !== original || taken.length >= 6) break;
  }
  return taken.length >= 2 ? taken.join(' ') : null;
}

/** Whether the writer never capitalises (then names and organisations come in lower case too). */
export function writesLowerCase(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /^\p{L}{2,}/u.test(w));
  if (words.length < 8) return false;
  const capitalised = words.filter((w) => /^\p{Lu}\p{Ll}/u.test(w));
  if (capitalised.length / words.length < 0.04) return true;
  // "ik doe de kassa van jeugdhuis t Kabinet in Zottegem. kan je da resetten?": no sentence starts with a capital, only a
  // few names do; the writer's own words are in lower case.
  const starts = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => /\p{L}/u.exec(s)?.[0])
    .filter((c): c is string => c !== undefined);
  return starts.length >= 3 && starts.every((c) => c === c.toLowerCase()) && capitalised.length / words.length < 0.1;
}

/** Every value the triggers lead to, in text order (a candidate each). */
function allMatches(sentences: string[], triggers: RegExp[], grab: (rest: string, match: RegExpExecArray) => string | null): Found[] {
  const out: Found[] = [];
  for (const sentence of sentences) {
    for (const trigger of triggers) {
      trigger.lastIndex = 0;
      for (let m = trigger.exec(sentence); m; m = trigger.exec(sentence)) {
        const value = grab(sentence.slice(m.index + m[0].length), m);
        if (value) out.push({ value, snippet: sentence });
        if (!trigger.global) break;
        if (m[0].length === 0) trigger.lastIndex += 1;
      }
    }
  }
  return out;
}

function firstMatch(sentences: string[], triggers: RegExp[], grab: (rest: string, match: RegExpExecArray) => string | null): Found | null {
  for (const sentence of sentences) {
    for (const trigger of triggers) {
      trigger.lastIndex = 0;
      for (let m = trigger.exec(sentence); m; m = trigger.exec(sentence)) {
        const value = grab(sentence.slice(m.index + m[0].length), m);
        if (value) return { value, snippet: sentence };
        if (!trigger.global) break;
      }
    }
  }
  return null;
}

export function proseName(sentences: string[], sender: Mailbox | null = null): Found | null {
  // "ici le Dr Karim Haddad", "this is the Rev. Tom Price": an article before a title.
  // Written all in capitals ("JE SUIS LE CHANCELIER DE …"), the words have no case to tell a name from a post: the From
  // line or the mailbox must bear the name out, as for a lower-case writer's weaker statements.
  const capitalised = firstMatch(sentences, NAME_TRIGGERS, (rest) => {
    const name = grabName(rest.replace(TITLE_ARTICLE, ''));
    return name && /\p{Ll}/u.test(name) === false && !corroborated(name, sender) ? null : name;
  });
  if (capitalised) return capitalised;
  const strong = firstMatch(sentences, STRONG_NAME_TRIGGERS, (rest) => grabLowerName(rest));
  if (strong) return strong;
  return firstMatch(sentences, WEAK_NAME_TRIGGERS, (rest) => {
    const name = grabLowerName(rest);
    return name && corroborated(name, sender) ? name : null;
  });
}

function grabAfterTrigger(after: string, match: RegExpExecArray): string | null {
  const particle = /(?:^|\s)((?:Van|De|Der|Den|Du|Des|Ter|Ten)(?:\s+(?:de|der|den|het))?)\s+$/.exec(match[0]);
  const rest = particle ? `${particle[1]} ${after}` : after;
  const org = grabOrganisation(rest);
  if (org && modifiesNoun(org, rest)) return null;
  const noun = match[1];
  if (org && noun && isLegalForm(noun) && !fold(org).startsWith(fold(noun))) return `${noun} ${org}`;
  return org;
}

// Words that may follow a body's name in a sentence without making the name a modifier.
const FUNCTION_WORDS = new Set(
  (
    'in a à au aux at bij te chez op aan sur near to from uit en et and met with avec pour for voor sinds depuis since is est zijn are was were ' +
    'sont qui die dat that which who where waar ou où or but mais maar has have heeft hebben ai had zo so as als comme door by par via on un une ' +
    'een the de het le la les nous we wij je ik i il elle hij zij they ook also aussi too now nu maintenant already al déjà deja ici here hier ' +
    'since during pendant tijdens until tot jusqu des du of van der den voor'
  ).split(' '),
);

// "I manage the English-language collection at …", "ik beheer de Facebook-pagina van …": one capitalised word
// before a lower-case noun qualifies the noun; it names no body (a body-type word or a legal form would).
function modifiesNoun(org: string, rest: string): boolean {
  if (/\s/.test(org) || isOrgWord(org) || isLegalForm(org) || isBodyWord(org)) return false;
  const at = rest.indexOf(org);
  const next = at < 0 ? null : /^ (\p{Ll}[\p{Ll}-]{2,})\b/u.exec(rest.slice(at + org.length));
  return next !== null && !FUNCTION_WORDS.has(fold(next[1]!));
}

// Classes of statement that place the writer in a body, beyond the fixed phrases above:
// a role and a preposition ("animateur aux Scouts de Wavre", "hoofdleider bij Chiro X",
// "coach for the u12s at X"), being at a place ("I'm at X", "je suis chez X", "ik zit bij X"),
// looking after something of it ("ik beheer de ledenlijst van X", "je m'occupe des
// inscriptions du X", "ik beheer voor X de …"), someone who runs it ("who runs the X").
const ROLE_PREPOSITION = `(?:aux|au|à la|à l['’]|a la|de la|de l['’]|du|des|de|d['’]|chez|bij|van|voor|at|of|for|with)`;
const roleTriggerCache = new Map<string, RegExp[]>();
export function roleTriggers(roleWords: string): RegExp[] {
  const cached = roleTriggerCache.get(roleWords);
  if (cached) return cached;
  const made = [
    new RegExp(`\\b(?:${roleWords})(?:\\s+[\\p{L}\\d'’-]+){0,3}?\\s+(?:at|bij|chez|aux|au)\\s+(?:the |de |het |la |le |l['’])?`, 'giu'),
    new RegExp(`\\b(?:${roleWords})\\s+${ROLE_PREPOSITION}\\s*(?:the |de |het |la |le |l['’])?`, 'giu'),
  ];
  roleTriggerCache.set(roleWords, made);
  return made;
}
export const PLACE_TRIGGERS: RegExp[] = [
  // Belonging: "ik ben lid van X", "je fais partie de X", "I help out at X", "our team at X".
  /\b(?:ik ben|wij zijn|we zijn) (?:een |actief )?(?:lid|leden|vrijwilliger|vrijwilligers) (?:van|bij) (?:de |het )?/giu,
  /\b(?:je suis|nous sommes) (?:membre|membres|b[ée]n[ée]vole|b[ée]n[ée]voles) (?:de la |de l['’]|du |des |de |d['’]|à la |au |à l['’]|chez )/giu,
  /\b(?:je fais|nous faisons) partie (?:de la |de l['’]|du |des |de |d['’])/giu,
  /\b(?:i|we) (?:help out|help|volunteer) (?:at|with|for) (?:the )?/giu,
  /\b(?:our|my) (?:team|office|colleagues|staff) (?:at|of) (?:the )?/giu,
  /\b(?:i['’]m|i am|we['’]re|we are) (?:part|a member|members) of (?:the )?/giu,
  /\b(?:i['’]?m|i am|we['’]re|we are) (?:at|with)\s+(?:the )?/giu,
  /\bje (?:suis|travaille) chez\s+/giu,
  /\bik (?:zit|werk) (?:bij|in)\s+(?:de |het )?/giu,
  /\b(?:ik|wij|we) (?:beheer|beheren|onderhoud|onderhouden|hou|houden|doe|doen|regel|regelen)\s+(?:voor|namens)\s+/giu,
  // "ik doe de kassa en de ledenlijst van X": two things looked after, joined.
  /\b(?:ik|wij|we) (?:beheer|beheren|onderhoud|onderhouden|hou|houden|doe|doen|regel|regelen|co[öo]rdineer)\s+(?:de |het |ons |onze )?[\p{L}-]+(?:\s+(?:en|of)\s+(?:de |het |ons |onze )?[\p{L}-]+)?\s+(?:van|voor|bij)\s+(?:de |het )?/giu,
  /\bje (?:g[èe]re|m['’]occupe|tiens|coordonne|fais)\s+(?:de la |de l['’]|du |des |de |la |le |les |l['’])?[\p{L}-]+\s+(?:de la |de l['’]|du |des |de |d['’]|pour |chez |au |aux |[àa] la |[àa] l['’])/giu,
  /\bi (?:manage|look after|keep|handle|run|maintain|do|coordinate)\s+(?:the |our )?[\p{L}-]+(?:\s+(?:and|or)\s+(?:the |our )?[\p{L}-]+)?\s+(?:for|of|at)\s+(?:the )?/giu,
  /\b(?:who|qui|die)\s+(?:runs|manages|leads|heads|coordinates|chairs|dirige|g[èe]re|coordonne|pr[ée]side|leidt|beheert|co[öo]rdineert)\s+(?:the |la |le |l['’]|de |het )?/giu,
];

/** Writers in capitals or lower case: the same statements, read on lower case, cut from the original text. */
function caseBlindMatches(sentences: string[], triggers: RegExp[]): Found[] {
  return foldedMatches(sentences, triggers, (rest, foldedRest) => {
    const value = grabCaseBlindOrganisation(foldedRest);
    // The span may start after words of the statement ("of the …"): cut it from where it stands.
    const at = value ? foldedRest.indexOf(value) : -1;
    return value && at >= 0 ? rest.slice(at, at + value.length) : null;
  });
}

/** Whether the writer writes in capitals ("I CANNOT LOG IN TO BPART"). */
export function writesCapitals(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /^\p{L}{2,}/u.test(w));
  if (words.length < 8) return false;
  return words.filter((w) => /^\p{Lu}{2,}/u.test(w)).length / words.length > 0.8;
}

/** The triggers matched on the folded sentence (accents off, lower case); `grab` cuts the value from the original after the match. */
function foldedMatches(sentences: string[], triggers: RegExp[], grab: (rest: string, foldedRest: string) => string | null): Found[] {
  const out: Found[] = [];
  for (const sentence of sentences) {
    const folded = fold(sentence);
    if (folded.length !== sentence.length) continue;
    for (const trigger of triggers) {
      trigger.lastIndex = 0;
      for (let m = trigger.exec(folded); m; m = trigger.exec(folded)) {
        const start = m.index + m[0].length;
        const value = grab(sentence.slice(start), folded.slice(start));
        if (value) out.push({ value, snippet: sentence });
        if (!trigger.global) break;
        if (m[0].length === 0) trigger.lastIndex += 1;
      }
    }
  }
  return out;
}

// A lower-case (or capitals, lowered) writer's organisation: up to eight words, through "of the"
// and through "en"/"et"/"and" when a body word follows ("scouts en gidsen lokeren").
export function grabCaseBlindOrganisation(text: string): string | null {
  const raw = text.trim().split(/\s+/).slice(0, 10);
  const taken: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const original = raw[i]!;
    const word = original.replace(/[,.;:!?)]+$/, '');
    if (!/^[\p{L}\d][\p{L}\d'’&!-]*$/u.test(word)) break;
    const conjunction = /^(?:en|et|and|&)$/.test(word);
    if (conjunction && !(raw[i + 1] && isOrgWord(raw[i + 1]!.replace(/[,.;:!?)]+$/, '')))) break;
    if (!conjunction && LOWER_STOP.has(word) && !/^(?:of|the)$/.test(word)) break;
    if (taken.length > 0 && ACCOUNT_HEAD.test(word)) break;
    taken.push(word);
    if (word !== original || taken.length >= 10) break;
  }
  while (taken.length > 0 && /^(?:of|the|de|du|des|la|le|van|het|en|et|and)$/.test(taken[taken.length - 1]!)) taken.pop();
  return taken.length >= 2 ? bodyAfterHead(taken).join(' ') : null;
}

// Links between a thing and the body it belongs to: "the registrations of …", "de inschrijvingen van …", "les comptes du …".
const HEAD_LINK = /^(?:of|van|voor|for|du|des|de|d['’])$/;
const HEAD_ARTICLE = /^(?:the|de|het|la|le|les|l['’])$/;

/**
 * A lower-case span read from where the body starts: a link word opening it goes ("of the leuven student theatre
 * company"), and so do a thing of the body's and its link when no body word is among them but one follows
 * ("inschrijvingen van circusatelier de tent", "the accounts of the ghent rowing club"); "club de tennis de ciney" starts
 * with its body word and stays whole.
 */
function bodyAfterHead(tokens: string[]): string[] {
  let rest = tokens;
  if (rest.length > 2 && HEAD_LINK.test(rest[0]!)) rest = rest.slice(HEAD_ARTICLE.test(rest[1]!) ? 2 : 1);
  const link = rest.findIndex((t, i) => i > 0 && HEAD_LINK.test(t));
  if (link > 0 && !rest.slice(0, link).some((t) => isBodyWord(t, true))) {
    const after = rest.slice(link + 1);
    const body = HEAD_ARTICLE.test(after[0] ?? '') ? after.slice(1) : after;
    if (body.length >= 2 && isBodyWord(body[0]!, true)) return body;
  }
  return rest.length >= 2 ? rest : tokens;
}

// The writer placing themself in a body by their position in it, whatever the word for the post: "ik ben de
// kassierster van onze kaartersclub X", "je suis la caissière de X", "I'm the fixtures secretary of X", "Ik ben
// Lotte Janssens, hoofdleiding van X". The post is read from where it stands (one or two lower-case words between
// the statement and a link word), not from a list of roles, so posts nobody listed count too.
const LINK = String.raw`(?:van|bij|voor|of|at|for|with|de la|de l['’]|du|des|de|d['’]|chez|pour)`;
const POST = String.raw`(?:(?:le|la|l['’]|de|het|the|a|an|een|un|une)\s+)?\p{Ll}[\p{Ll}-]{3,}(?:\s+\p{Ll}[\p{Ll}-]{3,})?`;
const POSITION_TRIGGERS = [
  new RegExp(String.raw`\b(?:[Jj]e suis|[Ii]k ben|I am|I['’]m)\s+${POST}\s+${LINK}(?:\s+|(?<=['’]))`, 'gu'),
  new RegExp(
    String.raw`\b(?:[Jj]e suis|[Ii]k ben|I am|I['’]m|[Tt]his is|[Ii]ci|[Hh]ier is|[Cc]['’]est)\s+\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,3}\s*,\s*${POST}\s+${LINK}(?:\s+|(?<=['’]))`,
    'gu',
  ),
];

function grabPositionBody(rest: string): string | null {
  const org = grabOrganisation(rest);
  if (!org) return null;
  // A place ("ik ben verpleegster van Gent") is not a body: the name must be marked as one, or be two capitalised words at least.
  const capitalised = org.split(/\s+/).filter((t) => /^\p{Lu}/u.test(t)).length;
  return hasBodyMarker(org) || capitalised >= 2 ? org : null;
}

const BEING_IN_LOWER =
  /\b(?:je suis|nous sommes|on est|je joue|nous jouons|je m['’]entra[iî]ne)\s+(?:au|aux|[àa] la|[àa] l['’]|dans (?:le|la|l['’]|notre))\s*|\b(?:i['’]?m|i am|we['’]re|we are|i play|we play)\s+in\s+(?:the |our )|\b(?:ik zit|wij zitten|we zitten|ik speel|we spelen)\s+in\s+(?:de |het |onze )/gu;
const ACCOUNT_OF_LOWER = /\b(?:account|compte|profiel|profil)\s+(?:van|de la|de l['’]|du|des|de|d['’]|of|voor)\s*(?:the |de |het |le |la |l['’])?/gu;
const ACCOUNT_ADJUNCT_LOWER = /\bthe\s+((?:[a-z][\p{Ll}\d'’&-]*\s+){2,5})(?=(?:account|login|profile)\b)/gu;
const BELONGING_LOWER = /\b(?:for|at|with|bij|voor|chez|pour|au sein (?:de|du|des|d['’]))\s+(?:the |our |de |het |onze |le |la |les |l['’]|notre )?/gu;

// "our little club", "notre petit club", "onze kleine kerk": a body the writer's own, named by its kind, not by a name.
const OWN_KIND_ONLY = /^(?:our|my|notre|nos|mon|ma|onze|ons|mijn)\s/u;

/** Every organisation the prose statements lead to (candidates for the scorer), each tagged with its kind of statement. */
// A post's link to its body with the body's article: "van de", "of the", "de la", "du".
const ARTICLED_LINK = String.raw`(?:van de |van het |of the |at the |bij de |bij het |voor de |voor het |for the |de la |de l['’]|du |au |à la |a la )`;
// Words in lower case before a capitalised name that make it a person's, not a body's ("de heer Janssens", "la famille Dubois").
const PERSON_BEFORE_NAME =
  /^(?:heer|mevrouw|meneer|juffrouw|familie|monsieur|madame|mademoiselle|famille|family|mister|missus|dokter|docteur|doctor|pastoor|abbé|abbe|pater|zuster|broeder|soeur|frère|frere)$/u;

/**
 * "parochieploeg Sint-Pieter in Tielt" → "parochieploeg Sint-Pieter …": one lower-case word of five letters or more, then a
 * name that names no kind of its own; not a word that makes the name a person's, nor another post ("van de voorzitter Jan
 * Peeters").
 */
function kindThenName(rest: string, post: RegExp): string | null {
  const m = /^(\p{Ll}[\p{Ll}-]{4,})\s+(?=\p{Lu})/u.exec(rest);
  if (!m || PERSON_BEFORE_NAME.test(m[1]!) || post.test(m[1]!)) return null;
  const name = grabOrganisation(rest.slice(m[0].length));
  // A name that carries its own kind ("the local Tennis Club") has an adjective before it, not a kind.
  return name && !hasBodyMarker(name) ? `${m[1]} ${name}` : null;
}

// An occasion the writer's work is for, before the body that holds it: "voor de kerststand van X", "pour le goûter de …",
// "for the spring fair of X": one lower-case noun that is no body's kind, then a link, then a capital.
const OCCASION_THEN_LINK =
  /^(?:(?:the|de|het|la|le|les|l['’])\s*)?(\p{Ll}[\p{Ll}-]{3,})\s+(?:of|van|de la|de l['’]|du|des|de|d['’])\s*(?:(?:the|de|het)\s+)?(?=\p{Lu})/u;
// The owner after a named occasion: "Saint-Nicolas du Comité de quartier X", "Kermis van de Gezinsbond X".
const OWNER_AFTER_NAME = /^(\p{Lu}[\p{L}'’-]+)\s+(?:du|de la|de l['’]|des|of the|van de|van het|van)\s+(?=\p{Lu})/u;

/**
 * The body read after the trigger, past an occasion it holds: "… voor de kerststand van Markant Hoboken" reads "Markant
 * Hoboken", "… pour le goûter de Saint-Nicolas du Comité de quartier X" reads the committee, the occasion's own name
 * (one word, no body's mark) left with it. A kind of body in that place ("de turnkring van X") is the body, read as before.
 */
function grabPastOccasion(rest: string): string | null {
  const occasion = OCCASION_THEN_LINK.exec(rest);
  if (!occasion || isBodyWord(occasion[1]!, true) || hasBodyMarker(occasion[1]!, true)) return grabOrganisation(rest);
  const value = grabOrganisation(rest.slice(occasion[0].length));
  const owner = value ? OWNER_AFTER_NAME.exec(value) : null;
  if (value && owner && !hasBodyMarker(owner[1]!)) {
    const body = value.slice(owner[0].length);
    if (isBodyWord(body.split(/\s+/)[0]!)) return body;
  }
  return value;
}

export function proseOrganisationCandidates(sentences: string[], roleWords: string): (Found & { trigger: 'phrase' | 'role' | 'place' | 'case-blind' })[] {
  const out: (Found & { trigger: 'phrase' | 'role' | 'place' | 'case-blind' })[] = [];
  for (const f of allMatches(sentences, ORG_TRIGGERS, grabAfterTrigger)) out.push({ ...f, trigger: 'phrase' });
  for (const f of allMatches(sentences, [NAME_THEN_VAN], (rest) => grabOrganisation(rest))) out.push({ ...f, trigger: 'phrase' });
  for (const f of foldedMatches(sentences, roleTriggers(roleWords), (rest) => grabPastOccasion(rest))) out.push({ ...f, trigger: 'role' });
  for (const f of allMatches(sentences, PLACE_TRIGGERS, (rest) => grabPastOccasion(rest))) out.push({ ...f, trigger: 'place' });
  for (const f of introducedOrganisations(sentences)) out.push({ ...f, trigger: 'phrase' });
  for (const f of accountOrganisations(sentences)) out.push({ ...f, trigger: 'phrase' });
  for (const f of roleClauseOrganisations(sentences)) out.push({ ...f, trigger: 'role' });
  for (const f of allMatches(sentences, POSITION_TRIGGERS, grabPositionBody)) out.push({ ...f, trigger: 'role' });
  const all = sentences.join(' ');
  if (writesLowerCase(all) || writesCapitals(all)) {
    const triggers = [...LOWER_ORG_TRIGGERS, ...roleTriggers(roleWords), ...PLACE_TRIGGERS];
    // "je gère les inscriptions." with no body after it: the work named, not a body.
    for (const f of caseBlindMatches(sentences, triggers)) if (!DUTY_WORK_ONLY.test(f.value.trim())) out.push({ ...f, trigger: 'case-blind' });
    // "voorzitter wielerclub de ketting": a role right before a body, marked by its type word.
    const direct = new RegExp(`\\b(?:${roleWords}),?\\s+`, 'giu');
    for (const f of caseBlindMatches(sentences, [direct])) if (hasBodyMarker(f.value, true)) out.push({ ...f, trigger: 'case-blind' });
    // "cant get into bpart for the ghent gaelic football club", "mon compte pour le club de tennis de ciney", "bij de
    // chiro van lint": a preposition of belonging before a span its own type word marks as a body.
    for (const f of caseBlindMatches(sentences, [BELONGING_LOWER])) if (hasBodyMarker(f.value, true)) out.push({ ...f, trigger: 'case-blind' });
    // "c'est pour le compte de l'amicale des pompiers de leuze", "the account of the kapelle choir": whose the account is,
    // read in lower case as it is before a capital (`accountOrganisations`), when its own type word marks it as a body.
    for (const f of caseBlindMatches(sentences, [ACCOUNT_OF_LOWER])) if (hasBodyMarker(f.value, true)) out.push({ ...f, trigger: 'case-blind' });
    // "i look after the everberg tool library account": English sets whose the account is before it, as a noun adjunct after
    // "the", as it does in capitals (`accountOrganisations`); in lower case its own type word marks it as a body (loop 29).
    for (const sentence of sentences)
      for (const m of sentence.matchAll(ACCOUNT_ADJUNCT_LOWER)) {
        const value = m[1]!.trim();
        if (value.split(/\s+/).length >= 2 && hasBodyMarker(value, true)) out.push({ value, snippet: sentence, trigger: 'case-blind' });
      }
    // "je suis au taekwondo club de seraing", "i'm in the ghent chess club", "ik zit in de turnkring van X": being in a
    // place its own type word marks as a body (not "je suis au courant", "I'm in the office": no body word).
    for (const f of caseBlindMatches(sentences, [BEING_IN_LOWER])) if (hasBodyMarker(f.value, true)) out.push({ ...f, trigger: 'case-blind' });
    // "i do the membership list for the leuven birdwatchers", "je tiens les inscriptions du cercle des marcheurs": the work
    // the writer does for a body names it, as it does before a capital; the statement is the mark, not a type word.
    const duties = DUTY_STATEMENTS.map((d) => new RegExp(d, 'giu'));
    for (const f of caseBlindMatches(sentences, duties)) if (!DUTY_WORK_ONLY.test(f.value.trim())) out.push({ ...f, trigger: 'case-blind' });
  } else {
    // A writer who capitalises may still write a body in lower case after the statement that places them in it ("Je suis
    // secrétaire du cercle de patinage de …", "I look after the bookings for the riverside rowing club"): the statement
    // and the body's own type word mark it, as they do for a lower-case writer.
    const triggers = [...roleTriggers(roleWords), ...DUTY_STATEMENTS.map((d) => new RegExp(d, 'giu'))];
    for (const f of caseBlindMatches(sentences, triggers))
      if (f.value === f.value.toLowerCase() && !OWN_KIND_ONLY.test(f.value) && hasBodyMarker(f.value, true)) out.push({ ...f, trigger: 'case-blind' });
    // Or the body's kind alone in lower case, then its capitalised name ("Ik ben penningmeester van de parochieploeg
    // Sint-Pieter", "secrétaire de la chorale Sainte-Cécile", "treasurer of the allotment Greenfields"): the post and the
    // article mark the kind, whatever its word; the name is read after it.
    const kindTriggers = [new RegExp(`\\b(?:${roleWords})\\s+${ARTICLED_LINK}`, 'giu')];
    const post = new RegExp(`^(?:${roleWords})$`, 'iu');
    for (const f of foldedMatches(sentences, kindTriggers, (rest) => kindThenName(rest, post))) out.push({ ...f, trigger: 'role' });
  }
  return out;
}

export function proseOrganisation(sentences: string[]): Found | null {
  const found = firstMatch(sentences, ORG_TRIGGERS, (after, match) => {
    // Triggers read "van"/"de" in any case; a capitalised one is the start of
    // the name: "Zaakvoerder Van Hoof Transport BV".
    const particle = /(?:^|\s)((?:Van|De|Der|Den|Du|Des|Ter|Ten)(?:\s+(?:de|der|den|het))?)\s+$/.exec(match[0]);
    const rest = particle ? `${particle[1]} ${after}` : after;
    const org = grabOrganisation(rest);
    // "notre ASBL Les Amis": keep the legal form the writer put before the name.
    const noun = match[1];
    if (org && noun && isLegalForm(noun) && !fold(org).startsWith(fold(noun))) return `${noun} ${org}`;
    return org;
  });
  if (found) return found;
  const marked = firstMatch(sentences, [NAME_THEN_VAN], (rest) => {
    const org = grabOrganisation(rest);
    return org && org.split(/\s+/).some((t) => isLegalForm(t) || isOrgWord(t)) ? org : null;
  });
  if (marked || !writesLowerCase(sentences.join(' '))) return marked;
  return firstMatch(sentences, LOWER_ORG_TRIGGERS, (rest) => grabLowerOrganisation(rest));
}

const LEGAL_FORM_IN_TEXT = new RegExp(`(?<![\\p{L}])(${LEGAL_FORMS})\\.?(?![\\p{L}])`, 'giu');

/** Every organisation ending at a legal form, read back through "de" too: "à la Maison de Jeunes de Ciney ASBL". */
export function legalFormCandidates(sentences: string[]): Found[] {
  const out: Found[] = [];
  for (const sentence of sentences) {
    LEGAL_FORM_IN_TEXT.lastIndex = 0;
    for (let m = LEGAL_FORM_IN_TEXT.exec(sentence); m; m = LEGAL_FORM_IN_TEXT.exec(sentence)) {
      if (!isLegalForm(m[1]!)) continue;
      for (const value of [
        organisationEndingAt(sentence, m.index, m[0], true),
        organisationEndingAt(sentence, m.index, m[0]),
        grabOrganisation(sentence.slice(m.index)),
      ]) {
        if (value) out.push({ value, snippet: sentence });
      }
    }
  }
  return out;
}

/** Last resort: an organisation recognisable by its legal form anywhere in a sentence. */
export function legalFormOrganisation(sentences: string[]): Found | null {
  for (const sentence of sentences) {
    LEGAL_FORM_IN_TEXT.lastIndex = 0;
    for (let m = LEGAL_FORM_IN_TEXT.exec(sentence); m; m = LEGAL_FORM_IN_TEXT.exec(sentence)) {
      if (!isLegalForm(m[1]!)) continue;
      const forward = grabOrganisation(sentence.slice(m.index));
      // "Les Amis du Musée de Spa ASBL" alone on its line: read back through "de" when that reading is the whole line, the
      // line being the body's name (in a sentence, "le compte de Spa ASBL" stops at "de").
      const line = sentence.slice(0, m.index).split('\n').pop()!.trim();
      const whole = organisationEndingAt(sentence, m.index, m[0], true, 10);
      const backward = whole && line && whole.startsWith(line) ? whole : organisationEndingAt(sentence, m.index, m[0]);
      const value = backward ?? forward;
      if (value) return { value, snippet: sentence };
    }
  }
  return null;
}
