// "Label: value" lines, the way people fill in the three details the
// procedure asks for: "Nom complet : …", "- **Organisatie**: …", "3) Reason -
// …", or the label on one line and the value on the next.

import { fold } from '../text-tools.ts';
import { oneEditApart } from '../typos.ts';

export type LabelKind = 'fullName' | 'firstName' | 'lastName' | 'organisation' | 'explanation';

export interface LabelledValue {
  kind: LabelKind;
  value: string;
  /** The line(s) the value was read from. */
  snippet: string;
}

const NAME =
  /^(votre |uw |your )?(nom complet|nom et prenoms?|prenoms? et nom|nom & prenoms?|prenoms? & nom|nom ?\/ ?prenoms?|prenoms? ?\/ ?nom|nom, prenoms?|nom prenoms?|prenoms? nom|identite|volledige naam|naam|naam en voornaam|voor- en achternaam|voor en achternaam|voornaam en (achter|familie)naam|voornaam \+ naam|full name|name|first and last name|first name and (surname|last name)|name and surname)$/;
// Any two parts of a name joined however people join them: "Naam + voornaam", "Nom/Prénom", "Surname, first name", "Achternaam & voornaam".
const NAME_PART = '(?:nom de famille|nom|prenoms?|naam|voornaam|achternaam|familienaam|first name|last name|surname|family name|given name|forename|name)';
const NAME_PAIR = new RegExp(`^(votre |uw |your )?${NAME_PART}\\s*(?:\\+|&|/|,|-|\\ben\\b|\\bet\\b|\\band\\b)\\s*${NAME_PART}$`);
const FIRST = /^(votre |uw |your )?(prenoms?|voornaam|first name|given name|forename)$/;
const LAST = /^(votre |uw |your )?(nom de famille|nom|achternaam|familienaam|last name|surname|family name)$/;
const ORG =
  /^(votre |uw |your |le nom de |nom de |naam van |naam |name of )?(l'|la |le |de |het |the )?(organisation|organization|organisatie|organisme|association|asbl|vzw|societe|entreprise|bedrijf|firma|company|compagnie|structure|club|vereniging|employeur|werkgever|employer|business|bedrijfsnaam|co-?op|cooperative|cooperatie|school|ecole|team|equipe|ploeg|groupe|groep|commune|gemeente|council|parish|paroisse|parochie|practice|praktijk|cabinet|kantoor|etude|firm|institution|instelling|etablissement|body|organisme)( name| naam| geree| representee| que je gere| que je represente| i manage| i represent| die ik beheer| die ik vertegenwoordig| \(asbl, vzw, srl, bv\.*\))?$/;
const EXPLANATION =
  /^((courte |breve |petite )?explications?|situation|raison|motif|description|contexte|ce qui s'est passe|que s'est-il passe|(korte )?uitleg|toelichting|reden|situatie|beschrijving|wat is er gebeurd|(short |brief )?explanation|reason|what happened|details|context|probleme|probleem|problem|issue)$/;

// Optional bullet or number, optional markdown emphasis, the label, a separator, the value.
const LINE =
  /^\s*(?:[-*•·▪●■◆◦∙⋅–]\s*|\d+\s*[.)]\s*|[a-c]\s*[.)]\s*)?(?:\*\*|__|\*)?([^:：=\t]{2,60}?)(?:\*\*|__|\*)?\s*(?:\([^)]{0,40}\))?\s*(?:[:：=\t]|\s[-–]\s)\s*(?:\*\*|__)?(.*?)(?:\*\*|__)?\s*$/;

// Label words as people mistype them on a form reply ("Nam :", "Organistaion:", "What happend:"): a word one
// edit away from one of these is read as it. Only the words of labels, and only when the label as typed
// matches none: "Team" or "Date" stay what they are.
const LABEL_WORDS = [
  'naam',
  'name',
  'organisation',
  'organization',
  'organisatie',
  'vereniging',
  'association',
  'entreprise',
  'bedrijf',
  'company',
  'explanation',
  'explication',
  'uitleg',
  'reason',
  'reden',
  'raison',
  'motif',
  'happened',
  'gebeurd',
  'prenom',
  'voornaam',
  'achternaam',
  'surname',
  'volledige',
  'complet',
];

function correctLabel(l: string): string {
  return l
    .split(' ')
    .map((w) => (w.length < 3 || LABEL_WORDS.includes(w) ? w : (LABEL_WORDS.find((t) => t[0] === w[0] && oneEditApart(w, t)) ?? w)))
    .join(' ');
}

function labelKind(label: string): LabelKind | null {
  const typed = fold(label).replace(/\s+/g, ' ').trim();
  return exactLabelKind(typed) ?? exactLabelKind(correctLabel(typed));
}

function exactLabelKind(l: string): LabelKind | null {
  if (FIRST.test(l)) return 'firstName';
  if (NAME.test(l) || NAME_PAIR.test(l)) return l === 'nom' ? 'lastName' : 'fullName';
  if (LAST.test(l)) return 'lastName';
  if (ORG.test(l)) return 'organisation';
  if (EXPLANATION.test(l)) return 'explanation';
  return null;
}

/** The line is one of the details filled in ("Organisation : Cobalt", "Naam: Els Maes"), label and all: never a name. */
export function isLabelLine(line: string): boolean {
  const m = LINE.exec(line);
  return m !== null && m[2]!.trim() !== '' && labelKind(m[1]!) !== null;
}

// A label alone on its line ("Nom et prénom", "**Organisatie**"), its value on the next one.
const BARE = /^\s*(?:[-*•·▪●■◆◦∙⋅–]\s*|\d+\s*[.)]\s*)?(?:\*\*|__|\*)?([^:：=\t]{2,40}?)(?:\*\*|__|\*)?\s*[:：]?\s*$/;

function parseLine(line: string): { kind: LabelKind; value: string } | null {
  const match = LINE.exec(line);
  const kind = match ? labelKind(match[1]!) : null;
  if (match && kind) return { kind, value: match[2]!.trim() };
  const bare = BARE.exec(line);
  const bareKind = bare ? labelKind(bare[1]!) : null;
  return bareKind ? { kind: bareKind, value: '' } : null;
}

/** Every labelled value, in text order; a label with nothing after it takes the next line(s). */
export function labelledValues(text: string): LabelledValue[] {
  const lines = text.split('\n');
  const out: LabelledValue[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const parsed = parseLine(line);
    if (!parsed) continue;
    if (parsed.value && parsed.kind !== 'explanation') {
      out.push({ kind: parsed.kind, value: parsed.value, snippet: line.trim() });
      continue;
    }
    // Value on the following lines, up to a blank line or the next label; an
    // explanation may start on the label line and wrap onto the next ones.
    const following: string[] = parsed.value ? [parsed.value] : [];
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j]!.trim();
      if (!next) {
        if (following.length > 0) break;
        continue;
      }
      if (following.length >= 6) break;
      if (parseLine(next)) break;
      // Only hard-wrapped text continues: "Merci d'avance" under a short value is not part of it.
      const previous = following[following.length - 1];
      if (previous !== undefined && (previous.length < 50 || /[.!?]$/.test(previous))) break;
      following.push(next);
      if (parsed.kind !== 'explanation') break;
    }
    if (following.length > 0) {
      const snippet = parsed.value ? [line.trim(), ...following.slice(1)] : [line.trim(), ...following];
      out.push({ kind: parsed.kind, value: following.join(' '), snippet: snippet.join('\n') });
    }
  }
  return out;
}

/** "Nom : Dubois" + "Prénom : Marie" → "Marie Dubois" (an explicit "Nom complet" wins). */
export function labelledFullName(values: LabelledValue[]): { value: string; snippet: string } | null {
  const full = values.find((v) => v.kind === 'fullName');
  const first = values.find((v) => v.kind === 'firstName');
  const last = values.find((v) => v.kind === 'lastName');
  if (full) return { value: full.value, snippet: full.snippet };
  if (first && last) return { value: `${first.value} ${last.value}`, snippet: `${first.snippet}\n${last.snippet}` };
  // "Nom : Marie Dubois" on its own means the whole name.
  if (last && !first) return { value: last.value, snippet: last.snippet };
  return null;
}
