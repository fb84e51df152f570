// People type fast on phones: "phne", "portabel", "gestole", "autentification",
// "jai perdu", "je nai plus". Before the recovery vocabulary reads a sentence,
// words one edit away from the words it looks for are put right, and French
// elisions typed without their apostrophe are restored. Only for matching:
// what the writer wrote is never changed in a value shown to anyone.

// The words that decide a classification, and only those: correcting towards
// a small list keeps "phase" from becoming "phone".
const TARGETS = [
  'phone',
  'telephone',
  'smartphone',
  'iphone',
  'portable',
  'telefoon',
  'mobiel',
  'toestel',
  'appareil',
  'device',
  'stolen',
  'broken',
  'perdu',
  'perdue',
  'verloren',
  'gestolen',
  'kapot',
  'kwijt',
  'access',
  'account',
  'acces',
  'login',
  'inloggen',
  'aanmelden',
  'connecter',
  'authenticator',
  'authentification',
  'authentication',
  'authenticatie',
  'authentificatie',
  'authentificateur',
  'verification',
  'verificatie',
  'tweestapsverificatie',
  'facteurs',
  'facteur',
  'resetten',
  'uitschakelen',
  'verwijderen',
];

const BY_LENGTH = new Map<number, string[]>();
for (const t of TARGETS) {
  for (const len of [t.length - 1, t.length, t.length + 1]) BY_LENGTH.set(len, [...(BY_LENGTH.get(len) ?? []), t]);
}

/** Damerau-Levenshtein distance is at most one (one insertion, deletion, substitution or swap). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// Real words of the other languages one edit away from a target, never typos of it: English and French "mobile" is not
// a misspelt Dutch "mobiel" ("I have changed my mobile for a new one" names the phone in its own language).
const REAL_WORDS = new Set(['mobile', 'mobiles']);

function correctWord(word: string): string {
  // Short words are too often other real words one edit away ("lost"/"last",
  // "reset"/"resent", "factor"/"factory"): those are left out of TARGETS.
  if (word.length < 4 || TARGETS.includes(word) || REAL_WORDS.has(word)) return word;
  for (const target of BY_LENGTH.get(word.length) ?? []) {
    if (target.length >= 5 && oneEditApart(word, target)) return target;
  }
  return word;
}

// The same words come back in every sentence and every message: each is compared with the
// targets once (bounded, so hostile mail cannot grow it without end).
const CORRECTED = new Map<string, string>();
const CORRECTED_MAX = 20_000;

function correctedWord(word: string): string {
  let corrected = CORRECTED.get(word);
  if (corrected === undefined) {
    corrected = correctWord(word);
    if (CORRECTED.size >= CORRECTED_MAX) CORRECTED.clear();
    CORRECTED.set(word, corrected);
  }
  return corrected;
}

const ELISION =
  /\b(j|n|m|l|d|s|qu) (ai|avais|appelle|arrive|acces|application|appli|authentification|asbl|association|ecole|equipe|est|etait|ancien|autre|adresse|ordinateur|iphone|oubli)\b/g;

/** A folded sentence with typos of the decisive words and missing French apostrophes put right. */
export function correctTypos(folded: string): string {
  return (
    folded
      .replace(/\bjai\b/g, "j'ai")
      .replace(/\bnai\b/g, "n'ai")
      // iPhone autocorrect turns an unknown "gsm" into "gem": "mijn gem is gevallen" (a possessive, never "gem." for gemiddeld).
      .replace(/\b(mijn|m'n|mn|onze|zijn|haar|my|mon|ma) gem\b/g, '$1 gsm')
      .replace(ELISION, "$1'$2")
      // Flemish and Limburg speech typed as said: "ik kan nie meer binnen", "zoudt ge dat kunnen afzetten", "kunde da
      // resetten?" ("nie" for niet, "ge"/"gij" for je, "kunde" for kun je; no such words in French or English).
      .replace(/\bnie\b/g, 'niet')
      .replace(/\b(?:gij|ge)\b/g, 'je')
      .replace(/\bkunde\b/g, 'kun je')
      // Flemish and Dutch diminutives of the things a 2FA mail names ("dat codeke", "het sleuteltje", "mijn gsmke"): the thing.
      .replace(/\b(code|gsm|telefoon|sleutel)(?:ke|ske|tje|je)\b/g, '$1')
      .replace(/[a-z]{4,}/g, correctedWord)
  );
}
