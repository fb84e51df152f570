// Roles and job titles as one class: what a person is in an organisation, never
// the organisation itself ("Échevin des Sports", "Schepen van Jeugd en Sport",
// "IT Manager", "Diensthoofd Welzijn", "Vrijwilligerscoördinator", "Associé").
// A role followed by a preposition names the organisation after it when that
// part looks like one: "Treasurer, Rugby Club X", "Voorzitter KFC Y",
// "secrétaire de la chorale Z".

import { fold } from '../text-tools.ts';

// Folded (no accents, lower case); one word each, several-word roles are a role word with a modifier.
const ROLES_FR = [
  'pdg',
  'traducteur',
  'traductrice',
  'interprete',
  'redacteur',
  'redactrice',
  'president',
  'presidente',
  'vice-president',
  'vice-presidente',
  'tresorier',
  'tresoriere',
  'secretaire',
  'directeur',
  'directrice',
  'echevin',
  'echevine',
  'bourgmestre',
  'gerant',
  'gerante',
  'associe',
  'associee',
  'coordinateur',
  'coordinatrice',
  'responsable',
  'animateur',
  'animatrice',
  'assistant',
  'assistante',
  'expert-comptable',
  'comptable',
  'administrateur',
  'administratrice',
  'fondateur',
  'fondatrice',
  'co-fondateur',
  'co-fondatrice',
  'benevole',
  'professeur',
  'professeure',
  'institutrice',
  'instituteur',
  'enseignant',
  'enseignante',
  'chef',
  'educateur',
  'educatrice',
  'moniteur',
  'monitrice',
  'entraineur',
  'entraineuse',
  'conseiller',
  'conseillere',
  'medecin',
  'avocat',
  'avocate',
  'notaire',
  'proprietaire',
  'patron',
  'patronne',
  'gestionnaire',
  'delegue',
  'deleguee',
  'collaborateur',
  'collaboratrice',
  'employe',
  'employee',
  'charge',
  'chargee',
  'attache',
  'attachee',
  'capitaine',
  'acheteur',
  'acheteuse',
  // Posts in public services and their feminine forms as written in Belgium, France, Switzerland and Luxembourg:
  // "Agente administrative", "Préposée au guichet", "Cheffe de service", "Commis administratif", "Fonctionnaire".
  'agent',
  'agente',
  'prepose',
  'preposee',
  'cheffe',
  'commis',
  'fonctionnaire',
  'autrice',
  'auteure',
  // Heads of guilds, brotherhoods and companies of old: "Doyen de la Confrérie", "Hoofdman Schuttersgilde", "Dean of the Guild".
  'doyen',
  'doyenne',
  'commandant',
  'secretariat',
  'direction',
  'accueil',
  'comptabilite',
  'informatique',
  'titulaire',
  'bibliothecaire',
  'infirmier',
  'infirmiere',
  'pediatre',
  'clerc',
  'cure',
  'pretre',
  'diacre',
  'abbe',
  'marguillier',
  'chercheur',
  'chercheuse',
  'doctorant',
  'doctorante',
  'independant',
  'independante',
  'pharmacien',
  'pharmacienne',
  'kinesitherapeute',
  'logopede',
  'psychologue',
  'sage-femme',
  'dirigeant',
  'dirigeante',
  'intendant',
  'intendante',
  'econome',
  'concierge',
  'stagiaire',
];
const ROLES_NL = [
  // "Ingenieur", "Projectingenieur", "Werfingenieur" (and French "Ingénieur", folded alike).
  'ingenieur',
  // Posts in public services: "Administratief bediende", "Beambte burgerzaken", "Ambtenaar".
  'bediende',
  'beambte',
  'ambtenaar',
  // Student circles' offices (Flemish and francophone "cercles" alike): "praeses van Historia".
  'praeses',
  'vice-praeses',
  'vicepraeses',
  'quaestor',
  'ab-actis',
  'cantor',
  'vertaler',
  'vertaalster',
  'tolk',
  'redacteur',
  'redactrice',
  'voorzitter',
  'voorzitster',
  'ondervoorzitter',
  'ondervoorzitster',
  'penningmeesteres',
  'secretaresse',
  'leidinggevende',
  'penningmeester',
  'secretaris',
  'aankoper',
  'inkoper',
  'aankoopster',
  'hoofdman',
  'hoofdvrouw',
  'deken',
  'gildemeester',
  'schepen',
  'burgemeester',
  'zaakvoerder',
  'zaakvoerster',
  'diensthoofd',
  'leider',
  'leidster',
  'leiding',
  'verantwoordelijke',
  'coordinator',
  'secretariaat',
  'boekhouder',
  'boekhoudster',
  'trainer',
  'trainster',
  'bestuurder',
  'bestuurslid',
  'eigenaar',
  'eigenares',
  'medewerker',
  'medewerkster',
  'beheerder',
  'beheerster',
  'juf',
  'meester',
  'leerkracht',
  'leraar',
  'lerares',
  'oprichter',
  'oprichtster',
  'vrijwilliger',
  'vrijwilligster',
  'afgevaardigde',
  'raadslid',
  'begeleider',
  'begeleidster',
  'kapitein',
  'hoofd',
  'vennoot',
  'advocaat',
  'notaris',
  'arts',
  'huisarts',
  'apotheker',
  'consulent',
  'adviseur',
  'administratie',
  'boekhouding',
  'bestuur',
  'directie',
  'onthaal',
  'bibliothecaris',
  'verpleegkundige',
  'hoofdverpleegkundige',
  'verpleger',
  'verpleegster',
  'dirigent',
  'dirigente',
  'pastoor',
  'priester',
  'diaken',
  'kerkmeester',
  'kassier',
  'dokter',
  'kinesist',
  'kinesitherapeut',
  'logopedist',
  'psycholoog',
  'onderzoeker',
  'onderzoekster',
  'doctoraatsstudent',
  'doctorandus',
  'zelfstandige',
  'docent',
  'docente',
  'stagiair',
  'klerk',
  'poetsvrouw',
  'dierenarts',
  'tandarts',
  'vroedvrouw',
];
const ROLES_EN = [
  // Posts in public and social services: "Caseworker", "Case officer" (officer is a role word too).
  'caseworker',
  'case-worker',
  'translator',
  'interpreter',
  'editor',
  'journalist',
  'reporter',
  'treasurer',
  'secretary',
  'chair',
  'chairman',
  'chairwoman',
  'chairperson',
  'president',
  'vice-president',
  // Abbreviated ranks: "VP Membership", "EVP Sales" (never "svp", French for please).
  'vp',
  'evp',
  'avp',
  'director',
  'manager',
  'officer',
  'coach',
  'administrator',
  'admin',
  'bookkeeper',
  'accountant',
  'head',
  'headteacher',
  'headmaster',
  'headmistress',
  'principal',
  'teacher',
  'leader',
  'owner',
  'co-owner',
  'founder',
  'co-founder',
  'partner',
  'associate',
  'coordinator',
  'assistant',
  'clerk',
  'receptionist',
  'trustee',
  'volunteer',
  'ceo',
  'cto',
  'cfo',
  'coo',
  'consultant',
  'buyer',
  'purchaser',
  'lead',
  'advisor',
  'adviser',
  'executive',
  'captain',
  'guildmaster',
  'organiser',
  'organizer',
  'councillor',
  'mayor',
  'webmaster',
  'lawyer',
  'solicitor',
  'committee',
  'staff',
  'warden',
  'churchwarden',
  'librarian',
  'nurse',
  'doctor',
  'physician',
  'gp',
  'conductor',
  'professor',
  'lecturer',
  'researcher',
  'postdoc',
  'phd',
  'student',
  'freelance',
  'freelancer',
  'self-employed',
  'translator',
  'vicar',
  'pastor',
  'priest',
  'reverend',
  'rector',
  'curate',
  'deacon',
  'pharmacist',
  'physiotherapist',
  'therapist',
  'engineer',
  'developer',
  'designer',
  'intern',
  'caretaker',
  'bursar',
  'registrar',
];
// German, as written in East Belgium (folded: ä → a, ü → u, ö → o).
const ROLES_DE = [
  'vorsitzender',
  'vorsitzende',
  'prasident',
  'prasidentin',
  'kassierer',
  'kassiererin',
  'kassenwart',
  'schriftfuhrer',
  'schriftfuhrerin',
  'geschaftsfuhrer',
  'geschaftsfuhrerin',
  'leiter',
  'leiterin',
  'sekretar',
  'sekretarin',
  'direktor',
  'direktorin',
  'inhaber',
  'inhaberin',
  'arzt',
  'arztin',
  'tierarzt',
  'tierarztin',
  'zahnarzt',
  'zahnarztin',
  'lehrer',
  'lehrerin',
  'schulleiter',
  'schulleiterin',
  'trainerin',
  'vorstand',
  'vorstandsmitglied',
  'mitarbeiter',
  'mitarbeiterin',
  'sachbearbeiter',
  'sachbearbeiterin',
  'buchhalter',
  'buchhalterin',
  'pfarrer',
  'burgermeister',
  'schoffe',
  'schoffin',
  'physiotherapeut',
  'physiotherapeutin',
  'rechtsanwalt',
  'rechtsanwaltin',
  'notar',
  'verwaltung',
  'sekretariat',
];
// Titles written beside a name: "WILLIAMS Gwendolyn (Mrs)", "Prof. Lhoist".
const TITLES = [
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'prof',
  'mme',
  'mlle',
  'mevr',
  'mevrouw',
  'dhr',
  'sir',
  'madame',
  'monsieur',
  'me',
  'ir',
  'ing',
  'eh',
  'rev',
  'revd',
  'pere',
  'abbe',
  'pater',
  'mgr',
  'docteur',
  'dokter',
];

// Units and subjects a role is written with: a ward ("Hoofdverpleegkundige Geriatrie",
// "Chef de service – Pédiatrie"), a school subject ("leerkracht LO"). A unit, never the body.
const DEPARTMENTS = new Set([
  'pediatrie',
  'geriatrie',
  'cardiologie',
  'radiologie',
  'urgences',
  'urgentie',
  'spoed',
  'spoedgevallen',
  'chirurgie',
  'maternite',
  'materniteit',
  'oncologie',
  'neurologie',
  'psychiatrie',
  'orthopedie',
  'gynecologie',
  'gynaecologie',
  'dermatologie',
  'revalidatie',
  'pneumologie',
  'nefrologie',
  'nephrologie',
  'anesthesie',
  'paediatrics',
  'pediatrics',
  'geriatrics',
  'cardiology',
  'radiology',
  'oncology',
  'neurology',
  'psychiatry',
  'surgery',
  'lo',
  'eps',
  'wiskunde',
  'mathematiques',
  'maths',
  'math',
  'mathematics',
  'nederlands',
  'geschiedenis',
  'histoire',
  'biologie',
  'biology',
  'chemie',
  'chimie',
  'chemistry',
  'fysica',
  'physique',
  'physics',
  'aardrijkskunde',
  'geographie',
  'geography',
  'lichamelijke',
  'opvoeding',
  'education',
  // Functional areas of a firm or a club: "Events & Partnerships", "Communicatie", "Ressources humaines".
  'events',
  'evenementen',
  'evenements',
  'partnerships',
  'communication',
  'communications',
  'communicatie',
  'marketing',
  'fundraising',
  'membership',
  'ledenadministratie',
  'ledenbeheer',
  'logistics',
  'logistiek',
  'logistique',
  'human',
  'resources',
  'ressources',
  'humaines',
  'personeelszaken',
  'facilities',
  'facility',
  'administration',
  'administratie',
  'comptabilite',
  'accounting',
  'accounts',
  'customer',
  'support',
  'onthaal',
  'accueil',
  'reception',
  'admissions',
  'information',
  'systems',
  'technology',
  'research',
  'development',
  'quality',
  'procurement',
  'purchasing',
  'aankoop',
  'achats',
  // Money in and out: "Accounts Payable", "Comptabilité fournisseurs", "Crediteurenbeheer", "Payroll".
  'payable',
  'receivable',
  'payroll',
  'billing',
  'invoicing',
  'facturation',
  'facturatie',
  'fournisseurs',
  'paie',
  'boekhouding',
  'crediteuren',
  'debiteuren',
  'crediteurenbeheer',
  'debiteurenbeheer',
  'loonadministratie',
]);

/** Whether a part names only a unit or subject ("Pédiatrie", "LO", "Geriatrie"): never the organisation. */
export function isDepartmentOnly(part: string): boolean {
  const ws = words(part);
  return ws.length > 0 && ws.length <= 4 && ws.some((w) => DEPARTMENTS.has(w)) && ws.every((w) => DEPARTMENTS.has(w) || MODIFIERS.has(w));
}

const ROLE_SET = new Set([...ROLES_FR, ...ROLES_NL, ...ROLES_EN, ...ROLES_DE]);
const TITLE_SET = new Set(TITLES);
// Dutch and German write roles as compounds: "Vrijwilligerscoördinator", "Groepsleider", "Jeugdtrainer".
const COMPOUND_ROLE =
  /^.{3,}(coordinator|ingenieur|secretaresse|leider|leidster|verantwoordelijke|medewerker|medewerkster|voorzitter|secretaris|trainer|beheerder|hoofd|begeleider|begeleidster|bediende|consulent|adviseur|manager|assistent|deskundige|leiterin|wart|beauftragter|beauftragte)$/;

function words(text: string): string[] {
  return fold(text)
    .replace(/[^a-z0-9'&-]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** A regular-expression source matching one role word in folded text (no accents, lower case). */
export const ROLE_PATTERN = `(?:${[...ROLE_SET]
  .sort((a, b) => b.length - a.length)
  .join('|')}|[a-z]{3,}(?:coordinator|leider|leidster|verantwoordelijke|medewerker|voorzitter|secretaris|trainer|beheerder|begeleider))(?![a-z])`;

/** One word that names a role or a title: "treasurer", "Échevine", "Groepsleider", "Mrs". */
// A profession named by its learned suffix, whatever the word before it: "Psychologist", "Orthodontist", "Psychiatre",
// "Logotherapeut", "Radiographer". No surname or body's name ends so in one word (a body's is plural: "Orthodontics",
// "Psychologists Without Borders"). ("-ician"/"-icien" is left out: a stage name holds it, "Pierrot le Magicien".)
// "-itioner" is one who practises ("General Practitioner", "Nurse Practitioner", "Dietitioner").
const PROFESSION_SUFFIX = /^.{2,}(?:ologist|ologue|oloog|therapist|therapeute|therapeut|iatrist|iatre|iater|odontist|odontiste|ographer|ometrist|itioner)$/;

export function isRoleWord(token: string): boolean {
  const w = fold(token).replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (ROLE_SET.has(w) || TITLE_SET.has(w) || COMPOUND_ROLE.test(w) || PROFESSION_SUFFIX.test(w)) return true;
  // Two roles held at once, joined by a hyphen: "Secretaris-penningmeester", "Secrétaire-trésorière", "Secretary-Treasurer".
  const joined = w.split('-');
  if (joined.length >= 2 && joined.every((part) => part.length >= 3 && (ROLE_SET.has(part) || COMPOUND_ROLE.test(part)))) return true;
  // A rank written into the role: "Sous-directrice", "Vice-voorzitter", "Co-editor", "Adjunct-directeur", "Ex-président".
  const ranked = /^(?:sous|vice|co|ex|adjunct|adjoint|deputy|assistant|hoofd|chief)-(.+)$/.exec(w)?.[1];
  return ranked !== undefined && (ROLE_SET.has(ranked) || COMPOUND_ROLE.test(ranked));
}

export function isTitleWord(token: string): boolean {
  return TITLE_SET.has(fold(token).replace(/[^a-z]/g, ''));
}

// Words that modify a role without naming a body: "IT Manager", "Office Manager", "Head of Finance",
// "Échevin des Sports", "Schepen van Jeugd en Sport", "Community Officer".
const MODIFIERS = new Set([
  // "Personal Assistant to …", "Personal Trainer".
  'personal',
  'it',
  'ict',
  'office',
  'general',
  'managing',
  'operations',
  'finance',
  'financial',
  'sales',
  'practice',
  'community',
  'project',
  'senior',
  'junior',
  'deputy',
  'assistant',
  'executive',
  'technical',
  'sworn',
  'jure',
  'juree',
  'beedigd',
  'beedigde',
  'team',
  'group',
  'scout',
  'youth',
  'volunteer',
  'site',
  'hr',
  'account',
  'admin',
  'chief',
  'vice',
  'co',
  'adjoint',
  'adjointe',
  'general',
  'generale',
  'delegue',
  'deleguee',
  'principal',
  'principale',
  'administratif',
  'administrative',
  'financier',
  'financiere',
  'technique',
  'commercial',
  'commerciale',
  'pedagogique',
  'des',
  'du',
  'de',
  'la',
  'le',
  'les',
  'van',
  'voor',
  'en',
  'et',
  'and',
  'of',
  'for',
  'the',
  '&',
]);

/**
 * The role at the start of a text and where it ends: "Échevin des Sports" (all of it),
 * "Trésorière de l'ASBL X" ("Trésorière"), "IT Manager" (all). Null when it does not start with one.
 */
export function leadingRole(text: string): { role: string; rest: string } | null {
  const tokens = text.trim().split(/\s+/);
  let i = 0;
  // Modifiers before the role word: "IT Manager", "Head of", "Vice-President".
  while (i < tokens.length && i < 3 && !isRoleWord(tokens[i]!) && MODIFIERS.has(fold(tokens[i]!).replace(/[^a-z&-]/g, ''))) i++;
  if (i >= tokens.length || !isRoleWord(tokens[i]!)) return null;
  const roleEnd = i + 1;
  return {
    role: tokens
      .slice(0, roleEnd)
      .join(' ')
      .replace(/[,;:]$/, ''),
    rest: tokens.slice(roleEnd).join(' '),
  };
}

/** Whether a whole line or part is only a role ("Échevin des Sports", "IT Manager", "Secretariaat", "Mrs"). */
export function isRoleOnly(part: string, looksLikeBody: (text: string) => boolean): boolean {
  const ws = words(part);
  if (ws.length === 0 || ws.length > 6) return false;
  if (isDepartmentOnly(part)) return true;
  if (!ws.some((w) => isRoleWord(w))) return false;
  // What follows the role is a body ("Voorzitter KFC Zele", "Chair, Waterloo Women's Institute"): not a role only.
  const lead = leadingRole(part);
  if (lead) {
    const after = lead.rest.replace(/^[,;:–—-]\s*/, '');
    return !after || isDepartmentOnly(stripPreposition(after)) || !(namesABody(stripPreposition(after), looksLikeBody) || namesBodyDirectly(after));
  }
  // "Church Warden", "Postdoctoral Researcher", "Youth Leader": a short part ending in a role word is a role.
  const last = ws[ws.length - 1]!;
  if (ws.length <= 3 && isRoleWord(last) && !TITLE_SET.has(last)) return true;
  // "Directeur Général", "Head of Finance": every word a role word or a modifier.
  return ws.every((w) => isRoleWord(w) || MODIFIERS.has(w));
}

const PREPOSITION =
  /^(?:de la |de l['’]|de |du |des |d['’]|aux |au |à la |à l['’]|à |chez |van het |van de |van |bij |voor |of the |of |at the |at |for the |for |with the |with )/i;

export function stripPreposition(text: string): string {
  return text.replace(/^[,;:–—-]\s*/, '').replace(PREPOSITION, '');
}

// "Secretaris Koninklijk Zangkoor Sint-Cecilia Tienen": a name of two or more capitalised words
// right after the role, with no preposition between, is the body; after "of"/"des"/"van" it is
// as often a portfolio ("Head of Operations", "Schepen van Jeugd en Sport").
function namesBodyDirectly(rest: string): boolean {
  const after = rest.replace(/^[,;:–—-]\s*/, '');
  if (PREPOSITION.test(after)) return false;
  const tokens = after.split(/\s+/).filter(Boolean);
  return tokens.length >= 2 && tokens.filter((t) => /^[\p{Lu}\d]/u.test(t)).length >= 2 && /^\p{Lu}/u.test(tokens[0]!) && !isRoleWord(tokens[0]!);
}

// "Animateur d'unité", "responsable de l'école": a lone lower-case kind of body is what the role is
// about, not a body's name; a name has a capital or a number ("Fabrique d'église Saint-Remacle", "12e Unité").
function namesABody(after: string, looksLikeBody: (text: string) => boolean): boolean {
  const ws = after.trim().split(/\s+/);
  if (ws.length <= 2 && !/[\p{Lu}\d]/u.test(after)) return false;
  return looksLikeBody(after);
}

/** The organisation a role line names after the role: "Président du Cercle X" → "Cercle X". */
export function organisationAfterRole(part: string, looksLikeBody: (text: string) => boolean): string | null {
  const lead = leadingRole(part);
  if (!lead || !lead.rest) return null;
  const after = stripPreposition(lead.rest);
  // "leerkracht LO", "Chef de service Pédiatrie": a subject or a ward, not the body.
  if (isDepartmentOnly(after)) return null;
  return after && (namesABody(after, looksLikeBody) || namesBodyDirectly(lead.rest)) ? after : null;
}

// A household or a couple signing ("The Smith Family", "Famille Dupont", "M. et Mme Dupont",
// "Jan en Els Peeters"): people, never an organisation.
const HOUSEHOLD =
  /^(?:[Tt]he\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?\s+(?:[Ff]amily|[Ff]amilie|[Ff]amille)$|^(?:[Ll]a\s+|[Dd]e\s+|[Tt]he\s+)?(?:[Ff]amille|[Ff]amilie|[Ff]amily|[Gg]ezin)\s+\p{Lu}|^(?:M|Mr|Mme|Mrs|Ms|Dhr|Mevr|Monsieur|Madame|Meneer|Mevrouw)\.?\s+(?:et|and|en)\s+(?:M|Mr|Mme|Mrs|Ms|Dhr|Mevr|Madame|Mevrouw)\.?\s+\p{Lu}|^\p{Lu}\p{Ll}+\s+(?:et|and|en)\s+(?!(?:Fils|Sons|Zonen|Zoon|Fr[èe]res|Brothers|Partners|Associ)\b)\p{Lu}\p{Ll}+\s+\p{Lu}[\p{L}'’-]+$/u;

export function isHousehold(part: string): boolean {
  return HOUSEHOLD.test(part.trim().replace(/[,.;]$/, ''));
}

// Registers and orders a professional belongs to, written beside the role ("Expert-comptable ITAA",
// "Advocaat OVB", "Agent immobilier IPI"): a membership, never the organisation the account is for.
const PROFESSIONAL_REGISTERS = new Set([
  'itaa',
  'ire',
  'ibr',
  'iec',
  'bibf',
  'ipcf',
  'biv',
  'ipi',
  'ovb',
  'obfg',
  'inami',
  'riziv',
  'fsma',
  'ordomedic',
  'ordre des medecins',
  'orde der artsen',
  'orde van vlaamse balies',
  'ordre des avocats',
  'ordre des architectes',
  'orde van architecten',
]);

export function isProfessionalRegister(value: string): boolean {
  return PROFESSIONAL_REGISTERS.has(
    fold(value)
      .replace(/[^a-z ]/g, '')
      .trim(),
  );
}

// Units of a body, written before or after the unit's name: "Service social", "Dienst Burgerzaken",
// "Sportdienst", "Finance Department", "Registrar's Office", "Cellule informatique". A unit is part
// of a body, never the body: the body is on another line or part ("– Gemeente Y", "CPAS de X").
const UNIT_LEADS = new Set([
  'office',
  'faculty',
  'faculteit',
  'faculte',
  'vakgroep',
  'service',
  'services',
  'dienst',
  'diensten',
  'departement',
  'department',
  'dept',
  'afdeling',
  'cellule',
  'cel',
  'pole',
  'unit',
  'section',
  'sectie',
  'division',
  'divisie',
  'team',
  'equipe',
  'ploeg',
  'secretariat',
  'secretariaat',
  'bureau',
  'staff',
  // The desk that answers: "Accueil général", "Onthaal Stadhuis", "Reception Desk", "Helpdesk ICT".
  'accueil',
  'reception',
  'receptie',
  'onthaal',
  'balie',
  'helpdesk',
  'frontdesk',
  'servicedesk',
]);
const UNIT_TAILS = new Set([
  'department',
  'dept',
  'team',
  'office',
  'unit',
  'section',
  'division',
  'desk',
  'afdeling',
  'dienst',
  // "Night Reception", "Nachtreceptie" is one word; "Receptie Nacht" leads with it.
  'reception',
  'receptie',
  'onthaal',
  'accueil',
  'balie',
  'helpdesk',
]);
// Dutch writes the unit into one word with what it does: "Sportdienst", "Jeugddienst", "Personeelsafdeling", "Erfgoedcel".
// What it does is a word of four letters or more: "Marcel", "Francel" end like a unit and are given names.
const UNIT_COMPOUND = /^.{4,}(?:dienst|afdeling|sectie|cel)$/;

/** Whether a part names a unit of a body and no body ("Service des sports", "Sportdienst", "Finance Department"). */
export function isUnitOnly(part: string, looksLikeBody: (text: string) => boolean): boolean {
  const tokens = part.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || tokens.length > 6) return false;
  const ws = tokens.map((t) => fold(t).replace(/[^a-z'-]/g, ''));
  const first = ws[0]!;
  const last = ws[ws.length - 1]!;
  // French "Office du Tourisme de Durbuy", "Office de la Naissance": "office" there names a public body's type,
  // as English "Office of the Dean" names a unit.
  if (first === 'office' && /^(?:du|de|des|d'|national|communal|regional)/.test(ws[1] ?? '')) return false;
  if (UNIT_LEADS.has(first) || UNIT_COMPOUND.test(first)) return !looksLikeBody(tokens.slice(1).join(' '));
  if (tokens.length >= 2 && UNIT_TAILS.has(last)) return !looksLikeBody(tokens.slice(0, -1).join(' '));
  return false;
}

// "Team Brussels Food Collective", "L'équipe de la Maison des Jeunes", "Het team van De Speelvogel",
// "The Riverside Rowing Club team": the body signing as its people. The body is what the team word
// leads to, when that names one rather than a unit ("Team Finance", "L'équipe pédagogique").
// (Dutch writes the group as one compound before the body: "Groepsleiding Scouts Sint-Jan Mol", "Jeugdbestuur KFC Lille".)
const TEAM_LEAD =
  /^\p{L}{3,}(?:leiding|bestuur)\s+|^(?:the\s+)?(?:team|staff|crew|l['’]\s?[ée]quipe|[ée]quipe|het\s+team|de\s+ploeg|ploeg)(?:\s+(?:of|at|from|van|de\s+la|de\s+l['’]|de|du|des|d['’]))?\s+|^(?:the\s+|het\s+|de\s+|le\s+|la\s+|les\s+|all\s+(?:the\s+)?|alle\s+|tous\s+les\s+|toute\s+l['’]\s?)?(?:board|committee|bestuur|directie|raad van bestuur|comit[ée]|conseil d['’]administration|direction|vrijwilligers|leden|medewerkers|leiding|b[ée]n[ée]voles|membres|animateurs|volunteers|members)\s+(?:of|van|de\s+la|de\s+l['’]|de|du|des|d['’])\s*/iu;
const GOVERNING_BOARD = /^\p{Lu}\p{Ll}{2,}bestuur\s+\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+){0,3}$/u;
// "BrusMUN organising team", "Leuven Pride volunteer team": what the team does, in lower case, goes with the team.
const TEAM_TAIL = /^(?:the\s+)?(.+?)(?:\s+(?:organising|organizing|volunteer|volunteers|events?|coordination|core|steering))?\s+(?:team|staff|crew)$/iu;
// "The Leuven Pride committee", "Riverside Rowing board": English puts the name before the group that signs for it; the
// group's word in lower case is no part of the name (a capitalised "Committee" may be: "Pride Committee" as its name).
const GROUP_TAIL = /^(?:[Tt]he\s+)?(\p{Lu}.+?)\s+(?:committee|board|volunteers|organisers|organizers)$/u;

/** The body a team line names ("Team Brussels Food Collective" → "Brussels Food Collective"), or null. */
/** A team line that names no body ("L'équipe d'accueil", "The support team", "Team Finance"): who signs, not for whom. */
export function isTeamWithoutBody(part: string, looksLikeBody: (text: string) => boolean, caseBlind = false): boolean {
  const line = part.trim().replace(/[,;.]$/, '');
  // A board written as one word with what it governs, then that one's name ("Polderbestuur Oostkustpolder",
  // "Kerkbestuur Sint-Martinus"), is the governing body itself, a body in law, not the people who sign for one.
  if (GOVERNING_BOARD.test(line)) return false;
  return (TEAM_LEAD.test(line) || TEAM_TAIL.test(line) || GROUP_TAIL.test(line)) && teamBody(line, looksLikeBody, caseBlind) === null && !looksLikeBody(line);
}

/**
 * The body a team line names. With `caseBlind` (a writer who types everything in lower case, "from the de panne kite crew"),
 * capitals cannot tell a name: two words of three letters or more that are no modifier or department name one.
 */
export function teamBody(part: string, looksLikeBody: (text: string) => boolean, caseBlind = false): string | null {
  const line = part
    .trim()
    .replace(/[,;.]$/, '')
    // "Het inrichtend comité X", "The organising committee of X": a word in lower case saying what the group does; "van
    // de X", "of the X": the body's own article, its name capitalised after it.
    .replace(/^((?:[Hh]et|[Dd]e|[Ll]e|[Ll]a|[Tt]he)\s+)\p{Ll}[\p{Ll}-]+\s+(?=(?:comit[ée]|committee|bestuur|board)\s)/u, '$1')
    .replace(/^((?:\S+\s+)?(?:comit[ée]|committee|bestuur|board)\s+(?:van|of))\s+(?:de|het|the)\s+(?=\p{Lu})/iu, '$1 ')
    // Dutch sets the body's name straight after the group word: "Het comité Kermis Oostakker" is "… van Kermis Oostakker".
    .replace(/^((?:[Hh]et|[Dd]e)\s+(?:comit[ée]|bestuur))\s+(?=\p{Lu})/u, '$1 van ');
  const lead = TEAM_LEAD.exec(line);
  const rest = lead ? line.slice(lead[0].length) : (TEAM_TAIL.exec(line)?.[1] ?? GROUP_TAIL.exec(line)?.[1] ?? null);
  if (!rest) return null;
  const tokens = rest.split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || tokens.length > 8 || (!caseBlind && !/^[\p{Lu}\d]/u.test(rest))) return null;
  // "Team Finance", "Team ICT", "Équipe Accueil": a unit or a role, not a body.
  if (isUnitOnly(rest, looksLikeBody) || isRoleOnly(rest, looksLikeBody)) return null;
  const named = tokens.filter((t) => !MODIFIERS.has(fold(t).replace(/[^a-z&-]/g, '')) && !DEPARTMENTS.has(fold(t).replace(/[^a-z-]/g, '')));
  const capitalised = named.filter((t) => (caseBlind ? t.replace(/[^\p{L}]/gu, '').length >= 3 : /^[\p{Lu}\d]/u.test(t)));
  return looksLikeBody(rest) || capitalised.length >= 2 ? rest : null;
}

const UNIT_JOINS = new Set(['de', 'du', 'des', "d'", 'van', 'of', 'at', 'bij', 'within', 'la', "l'", 'het', 'the', 'der', 'den', '–', '-', '—', ',']);

/**
 * The body a unit line names after the unit: "Service des sports de la Ville de Wavre" → "Ville de
 * Wavre", "Dienst Cultuur van de Stad Oudenaarde" → "Stad Oudenaarde", "Jeugddienst Gemeente Lennik"
 * → "Gemeente Lennik". The body starts at the first word after a joining word (or right after a
 * one-word unit) that marks a body (an organisation-type word, a legal form, initials); null when
 * the line does not start with a unit or names no body.
 */
export function bodyAfterUnit(part: string, isBodyStart: (token: string) => boolean): string | null {
  // "Het secretariaat van KSA X", "Le service des sports de la Ville de Y", "L'accueil du CPAS": an article first.
  const tokens = part
    .trim()
    .replace(/[,;.]$/, '')
    .replace(/^(?:het|de|le|la|les|the|l['’])\s*(?=\p{L})/iu, '')
    .split(/\s+/);
  if (tokens.length < 2) return null;
  const first = fold(tokens[0]!).replace(/[^a-z'-]/g, '');
  if (!UNIT_LEADS.has(first) && !UNIT_COMPOUND.test(first)) return null;
  for (let i = 1; i < tokens.length; i++) {
    const previous = fold(tokens[i - 1]!).replace(/[^a-z'’–—,-]/g, '');
    const joined = i === 1 || UNIT_JOINS.has(previous) || /[,–—]$/.test(tokens[i - 1]!);
    if (joined && /^[\p{Lu}\d]/u.test(tokens[i]!) && isBodyStart(tokens[i]!)) return tokens.slice(i).join(' ');
  }
  return null;
}
