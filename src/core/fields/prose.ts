// Statements in free prose: "Je m'appelle Marie Dubois", "ik ben zaakvoerder
// van Bakkerij Peeters BV", "I run Northwind Traders".

import { fold } from '../text-tools.ts';
import { grabName } from './names.ts';
import { grabOrganisation, isLegalForm, LEGAL_FORMS, organisationEndingAt } from './organisations.ts';

export interface Found {
  value: string;
  snippet: string;
}

const NAME_TRIGGERS = [
  /\bje m['’]appelle\s+/gi,
  /\bmon nom (?:complet )?(?:est|c['’]est)\s*:?\s+/gi,
  /\bmoi,? c['’]est\s+/gi,
  /\bje suis\s+/gi,
  /\bmijn (?:volledige )?naam is\s*:?\s+/gi,
  /\bik heet\s+/gi,
  /\bik ben\s+/gi,
  /\bmy (?:full )?name is\s*:?\s+/gi,
  /\bmy name['’]s\s+/gi,
  /\bi am\s+/gi,
  /\bi['’]m\s+/gi,
  /\bthis is\s+/gi,
  /\bhier is\s+/gi,
  /\bici\s+/gi,
];

const TITLES_FR =
  '(?:g[ée]rante?|pr[ée]sidente?|vice-pr[ée]sidente?|responsable|directeur|directrice|administrat(?:eur|rice)(?: d[ée]l[ée]gu[ée]e?)?|tr[ée]sori(?:er|[èe]re)|secr[ée]taire|fondat(?:eur|rice)|co-?fondat(?:eur|rice)|coordinat(?:eur|rice)|propri[ée]taire|patronne?|gestionnaire|webmaster|admin|manager|comptable|membre du (?:bureau|conseil d[’\']administration))';
const TITLES_NL =
  '(?:zaakvoerder|zaakvoerster|voorzitter|ondervoorzitter|secretaris|penningmeester|bestuurder|bestuurslid|eigenaar|eigenares|verantwoordelijke|co[öo]rdinator|directeur|manager|beheerder|oprichter|medeoprichter|boekhouder|zelfstandige)';
const TITLES_EN =
  '(?:owner|co-?owner|director|managing director|manager|office manager|treasurer|secretary|founder|co-?founder|administrator|admin|chair|chairman|chairwoman|chairperson|president|vice-president|ceo|cto|coo|cfo|head|coordinator|accountant|trustee|partner)';
const ORG_NOUNS_FR = '(asbl|association|soci[ée]t[ée]|entreprise|club|organisation|structure|commerce|boutique|cabinet|srl|sprl)';
const ORG_NOUNS_NL = '(vzw|vereniging|bedrijf|zaak|firma|organisatie|club|school|winkel|bv|nv|eenmanszaak)';
const ORG_NOUNS_EN = '(company|organisation|organization|charity|club|association|business|firm|school|shop|non-?profit)';

const ORG_TRIGGERS: RegExp[] = [
  /\bje (?:g[èe]re|dirige|repr[ée]sente|administre|pr[ée]side|coordonne|m['’]occupe de|m['’]occupe du|m['’]occupe des)\s+/gi,
  /\bje travaille (?:pour|chez|au sein de|à|a)\s+/gi,
  /\b(?:pour le compte|au nom) (?:de|du|des|d['’])\s*/gi,
  new RegExp(`\\bje suis (?:le |la |l['’]|un |une )?${TITLES_FR}\\s+(?:de la |de l['’]|de |du |des |d['’]|chez |à |au sein de )`, 'gi'),
  new RegExp(`\\b(?:notre|mon|ma) ${ORG_NOUNS_FR}(?: s['’]appelle| se nomme| est|\\s*:)?\\s+`, 'gi'),
  /\bik (?:beheer|leid|vertegenwoordig|bestuur|run|co[öo]rdineer)\s+/gi,
  /\bik werk (?:voor|bij)\s+/gi,
  /\bnamens\s+/gi,
  new RegExp(`\\bik ben (?:de |een )?${TITLES_NL}\\s+(?:van|bij)\\s+`, 'gi'),
  new RegExp(`\\b(?:onze|mijn) ${ORG_NOUNS_NL}(?: heet| is|\\s*:)?\\s+`, 'gi'),
  /\bI (?:run|manage|own|represent|lead|direct|administer|head|co-run|look after)\s+/g,
  /\bI work (?:for|at|with)\s+/g,
  /\bon behalf of\s+/gi,
  new RegExp(`\\bI(?: am|['’]m) (?:the |a |an )?${TITLES_EN}\\s+(?:of|at|for)\\s+`, 'g'),
  new RegExp(`\\b(?:our|my) ${ORG_NOUNS_EN}(?: is called| is named| called| named| is|\\s*:)?\\s+`, 'gi'),
  // A role anywhere in a sentence: "Marie Dubois, trésorière de l'ASBL Les Amis".
  new RegExp(`\\b${TITLES_FR}\\s+(?:de la |de l['’]|de |du |des |d['’]|chez )`, 'gi'),
  new RegExp(`\\b${TITLES_NL}\\s+(?:van|bij)\\s+(?:de |het )?`, 'gi'),
  new RegExp(`\\b(?:owner|director|manager|treasurer|secretary|founder|co-?founder|chair|chairman|chairwoman|chairperson|president|ceo|coordinator|trustee)\\s+(?:of|at)\\s+(?:the )?`, 'gi'),
];

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

export function proseName(sentences: string[]): Found | null {
  return firstMatch(sentences, NAME_TRIGGERS, (rest) => grabName(rest));
}

export function proseOrganisation(sentences: string[]): Found | null {
  return firstMatch(sentences, ORG_TRIGGERS, (rest, match) => {
    const org = grabOrganisation(rest);
    // "notre ASBL Les Amis": keep the legal form the writer put before the name.
    const noun = match[1];
    if (org && noun && isLegalForm(noun) && !fold(org).startsWith(fold(noun))) return `${noun} ${org}`;
    return org;
  });
}

const LEGAL_FORM_IN_TEXT = new RegExp(`(?<![\\p{L}])(${LEGAL_FORMS})\\.?(?![\\p{L}])`, 'giu');

/** Last resort: an organisation recognisable by its legal form anywhere in a sentence. */
export function legalFormOrganisation(sentences: string[]): Found | null {
  for (const sentence of sentences) {
    LEGAL_FORM_IN_TEXT.lastIndex = 0;
    for (let m = LEGAL_FORM_IN_TEXT.exec(sentence); m; m = LEGAL_FORM_IN_TEXT.exec(sentence)) {
      if (!isLegalForm(m[1]!)) continue;
      const forward = grabOrganisation(sentence.slice(m.index));
      const backward = organisationEndingAt(sentence, m.index, m[0]);
      const value = backward ?? forward;
      if (value) return { value, snippet: sentence };
    }
  }
  return null;
}
