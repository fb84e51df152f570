// Which of our three languages a text is in. franc-min's trigrams are reliable
// on a paragraph, not on "Merci !" or "Hallo, 2FA kwijt": short texts are
// decided by a vote of common function words, which also breaks close calls.

import { franc } from 'franc-min';
import type { Language } from './message.ts';
import { fold } from './text-tools.ts';

const ISO3: Record<string, Language> = { fra: 'fr', nld: 'nl', eng: 'en' };

const KEYWORDS: Record<Language, string[]> = {
  fr: [
    'bonjour',
    'bonsoir',
    'merci',
    'je',
    'j',
    'mon',
    'ma',
    'mes',
    'est',
    'suis',
    'pour',
    'avec',
    'les',
    'des',
    'une',
    'pas',
    'vous',
    'votre',
    'perdu',
    'telephone',
    'cordialement',
    'reinitialiser',
    'madame',
    'monsieur',
    'compte',
    'plus',
    'ai',
    'et',
    'le',
    'la',
    'du',
    'au',
    'ne',
    'svp',
    'absence',
    'bureau',
    'retour',
    'salutations',
    'pouvez',
    'double',
    // Shared with Dutch, the commonest French words after all ("de m'adresser … de secrétaire de l'Harmonie … en ma
    // qualité"): counted for both, they no longer tip a French paragraph to Dutch (loop 27a).
    'de',
    'en',
  ],
  nl: [
    'hallo',
    'goedendag',
    'goedemorgen',
    'beste',
    'dag',
    'ik',
    'mijn',
    'het',
    'een',
    'niet',
    'telefoon',
    'kwijt',
    'bedankt',
    'groeten',
    'groet',
    'alstublieft',
    'graag',
    'jullie',
    'u',
    'uw',
    'is',
    'van',
    'de',
    'en',
    'met',
    'voor',
    'kan',
    'meer',
    'heb',
    'wij',
    'zijn',
    'afwezig',
    'vriendelijke',
    'gsm',
    'kunnen',
    'ben',
    'dank',
    'wel',
    'nieuwe',
    'ook',
    'maar',
  ],
  en: [
    'hello',
    'hi',
    'dear',
    'my',
    'the',
    'is',
    'please',
    'thanks',
    'thank',
    'lost',
    'phone',
    'reset',
    'regards',
    'i',
    'you',
    'your',
    'and',
    'to',
    'of',
    'can',
    'have',
    'was',
    'with',
    'for',
    'not',
    'account',
    'new',
    'office',
    'out',
    'am',
    'it',
    'this',
    'best',
    'kind',
    'could',
    'would',
    'access',
    'help',
  ],
};

function keywordScores(words: string[]): Record<Language, number> {
  const scores: Record<Language, number> = { fr: 0, nl: 0, en: 0 };
  for (const word of words) {
    for (const lang of ['fr', 'nl', 'en'] as const) {
      if (KEYWORDS[lang].includes(word)) scores[lang] += 1;
    }
  }
  return scores;
}

function best(scores: Record<Language, number>): { lang: Language | null; margin: number } {
  const ranked = (Object.entries(scores) as [Language, number][]).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || first[1] === 0) return { lang: null, margin: 0 };
  return { lang: first[1] > (second?.[1] ?? 0) ? first[0] : null, margin: first[1] - (second?.[1] ?? 0) };
}

// The phone or mail client's footer is written in the language its owner set it to: "Verzonden vanaf mijn iPhone".
const FOOTERS: [RegExp, Language][] = [
  [/^\s*(?:verzonden|verstuurd) (?:vanaf|met|van) (?:mijn|m'n)\b/im, 'nl'],
  [/^\s*envoy[ée] (?:de|depuis|à partir de|a partir de|avec) (?:mon|ma)\b/im, 'fr'],
  [/^\s*sent (?:from|with|using) my\b/im, 'en'],
];

/** The language of a client footer in the raw text ("Sent from my iPhone"), or null. */
export function footerLanguage(text: string): Language | null {
  const found = FOOTERS.filter(([re]) => re.test(text)).map(([, lang]) => lang);
  return found.length === 1 ? found[0]! : null;
}

/**
 * The language of a text. `hint` (the client footer's language) decides only a text too short to tell by
 * itself: a few words with no function word ("2fa reset pls – Tom, KSA Ninove, gsm kapot"), where trigrams
 * guess on names.
 */
export function detectLanguage(text: string, hint: Language | null = null): Language | null {
  // "I am on mission … / Je suis en mission … / Ich bin …": the same text given again in other languages, paragraph by
  // paragraph, is written in the first one (the writer's first version); the longest would win the whole-text vote.
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => (p.match(/\p{L}/gu)?.length ?? 0) >= 80);
  if (paragraphs.length >= 2) {
    // Each paragraph read surely: the trigram guess and a keyword majority agree (German or Spanish paragraphs, which
    // neither reads, give scattered guesses and no version).
    const langs = paragraphs.map((p) => {
      const guess = languageOf(p, null);
      const vote = best(
        keywordScores(
          fold(p)
            .split(/[^a-z]+/)
            .filter(Boolean),
        ),
      );
      return guess !== null && vote.lang === guess && vote.margin >= 2 ? guess : null;
    });
    if (langs[0] && langs.some((l) => l !== null && l !== langs[0]) && new Set(langs.filter(Boolean)).size === langs.filter(Boolean).length) return langs[0];
  }
  return languageOf(text, hint);
}

function languageOf(text: string, hint: Language | null): Language | null {
  // URLs, addresses and digits carry no language and skew trigrams.
  const cleaned = text
    .slice(0, 6000)
    .replace(/\bhttps?:\/\/\S+/gi, ' ')
    .replace(/[^\s@]{1,64}@[^\s@]{1,255}/g, ' ')
    .replace(/[0-9]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 4000);
  if (!/\p{L}/u.test(cleaned)) return null;
  const words = fold(cleaned)
    .split(/[^a-z]+/)
    .filter(Boolean);
  const scores = keywordScores(words);
  const vote = best(scores);
  if (hint && vote.lang === null && cleaned.length < 80) return hint;
  if (cleaned.length >= 40) {
    const guess = ISO3[franc(cleaned, { only: Object.keys(ISO3), minLength: 10 })] ?? null;
    // On short paragraphs a clear keyword majority beats a trigram guess. On longer ones too when the function words
    // are overwhelmingly of one language: a business text's Latin vocabulary ("finance department cannot process
    // invoice … purchase order") reads as French to trigrams, its "our", "could", "please", "with" do not.
    const overwhelming = vote.lang !== null && guess !== null && scores[vote.lang] >= 5 && scores[vote.lang] >= 3 * scores[guess];
    if (guess && vote.lang && vote.lang !== guess && ((cleaned.length < 160 && vote.margin >= 2) || overwhelming)) return vote.lang;
    if (guess) return guess;
  }
  return vote.lang;
}
