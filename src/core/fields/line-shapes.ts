// Shapes of a signature line that say what the line is, whatever its words: opening hours or
// availability (a day, or a range of days, and a time, in fr/nl/en), and a membership or
// professional-register line ("Member of …", "Membre de …", "Lid van …", "inscrit au barreau de …").
// What such a line names is never the writer's organisation: the hours are the office's, the
// register or federation is one the firm belongs to.

// Days and their usual abbreviations in French, Dutch and English, alone or as a range ("ma-vr", "Mon–Fri").
const DAY =
  /(?:^|[^\p{L}])(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|lun(?:di)?|mar(?:di)?|mer(?:credi)?|jeu(?:di)?|ven(?:dredi)?|sam(?:edi)?|dim(?:anche)?|ma(?:andag)?|di(?:nsdag)?|wo(?:ensdag)?|do(?:nderdag)?|vr(?:ijdag)?|za(?:terdag)?|zo(?:ndag)?|weekdays?|weekend|semaine|werkdagen|weekdagen)\.?(?=$|[^\p{L}])/iu;
// A time of day: 9:00, 8.30, 8u30, 8u, 9h, 14h30, 9am, 5 pm (a bare number is not one).
const TIME = /(?:^|[^\p{L}\d])(?:[01]?\d|2[0-3])(?:[:.][0-5]\d|\s?[hu](?:[0-5]\d)?|\s?[ap]\.?m\.?)(?=$|[^\p{L}\d])/iu;

/** A line giving opening hours or availability: a day and a time on the same line. */
export function isHoursLine(line: string): boolean {
  return DAY.test(line) && TIME.test(line);
}

// Words that put the writer's firm in a register, an order or a federation.
const MEMBERSHIP =
  /(?:^|[|•·▪●■◆◦∙⋅,;:–—-]\s*|\s)(?:(?:a |proud |full |registered )?members? (?:of|firm of)|membre (?:de|du|des|d['’])|lid van|aangesloten bij|affili[ée]e? (?:à|au|aux)|inscrite? (?:au|à|a)(?: la| l['’])? (?:barreau|tableau|ordre|registre)|ingeschreven (?:bij|aan|in)(?: de| het)? (?:balie|tableau|orde|register)|registered (?:with|at)|accredited by|erkend door|agr[ée][ée]e? par)\b/iu;

/**
 * Whether `value`, read in `line`, is a membership or register the firm belongs to: the value starts
 * with the membership words, or follows them in the same part of the line, or spells out the initials they name.
 */
export function isMembership(value: string, line: string): boolean {
  if (MEMBERSHIP.test(` ${value}`) && MEMBERSHIP.exec(` ${value}`)!.index <= 1) return true;
  const at = line.indexOf(value);
  if (at < 0) return false;
  const part = line
    .slice(0, at)
    .split(/[|•·▪●■◆◦∙⋅]/)
    .pop()!;
  const m = MEMBERSHIP.exec(part);
  // "Membre de l'IPI – Institut professionnel des agents immobiliers": the register's initials, then its name spelled out
  // after a dash (or the "?" a Latin-1 webmail leaves of one).
  return m !== null && /^\s*(?:the |de |het |la |le |l['’]|les )?(?:[\p{Lu}\d&.]{2,}\s+[–—?-]\s*)?$/iu.test(part.slice(m.index + m[0].length));
}

// A number in a register: "IPI n° 512.345", "BIV nr. 204 118", "Reg. no. 4471".
const REGISTRATION = /(?:\bn[°º]|\bnr\.?|\bno\.|\bnum[ée]ro)\s*\d[\d .\/-]{2,}/iu;

/** Whether a value holds a registration or phone number ("Agent immobilier agréé IPI n° 512.345"). */
export function isRegistrationNumber(value: string): boolean {
  // Eight digits or more in groups are a phone or a number in a register ("Spoed: 0477 22 33 44").
  return REGISTRATION.test(value) || (value.match(/\d/g) ?? []).length >= 8;
}

/**
 * A line of common words: one capitalised word, and at most two more in lower case ("Juriste",
 * "Architecte d'intérieur", "Consultant indépendant"). A body's name has a name of its own — a second
 * capital, a number, initials or a legal form; a line in common words says what the writer does.
 */
export function isCommonWordsLine(value: string, hasBodyMarker: (s: string) => boolean): boolean {
  const tokens = value.trim().split(/\s+/);
  if (tokens.length > 3 || !/^\p{Lu}[\p{Ll}-]+$/u.test(tokens[0]!) || /\d/.test(value) || hasBodyMarker(value)) return false;
  // One word alone is as often a body's own name ("Natuurpunt", "Femma", "Oxfam") as a trade:
  // only the shape of a trade's word says which (a profession's ending, or a lower-case part
  // after a hyphen: "Géomètre-expert").
  if (tokens.length === 1) return PROFESSION_ENDING.test(tokens[0]!) || /^\p{Lu}\p{Ll}+-\p{Ll}{3,}$/u.test(tokens[0]!);
  return tokens.slice(1).every((t) => /^(?:\p{Ll}+['’])?\p{Ll}[\p{Ll}-]*$/u.test(t));
}

/**
 * A line listing what the firm does, each part in common words: "Interior design | Styling | Home staging",
 * "Comptabilité – Fiscalité – Conseil", "Boekhouding • Fiscaliteit • Advies". Two parts or more, each one
 * capital at its start and nothing that marks a name (another capital, a number, a legal form, a body word).
 */
export function isServicesLine(line: string, hasBodyMarker: (s: string) => boolean): boolean {
  const parts = line
    .split(/\s*(?:[|•·▪●■◆◦∙⋅;]|\s[–—-]\s|,\s+)\s*/u)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    parts.length >= 2 &&
    parts.every((p) => /^\p{Lu}\p{Ll}[\p{Ll}'’-]*(?:\s+(?:\p{Ll}[\p{Ll}'’-]*|&))*$/u.test(p) && p.split(/\s+/).length <= 4 && !hasBodyMarker(p))
  );
}

/**
 * Endings of the words for trades and professions in fr/nl/en (juriste, architect, directeur,
 * notaris, boekhouder, consultant, kinésithérapeute, tandarts, psychologue, apotheker…). A body's
 * one-word name rarely ends so; a misread costs an agent one question, a refused body the same.
 */
const PROFESSION_ENDING =
  /(?:iste|ist|ien|ienne|eur|euse|rice|aire|ect|ecte|ologue|oloog|ologist|aris|ant|ante|ent|ente|eute|arts|kracht|er|ster|or|ician|iciaan|ier|ière|esse)$/u;

// Two people signing together: given names joined by "&", "et", "en", "and" or "+", then their shared surname
// ("Jan & Mieke Van Hecke", "Paul et Anne Dumont").
const COUPLE =
  /^(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?:\s*[&+]\s*|\s+(?:et|en|and)\s+)(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)((?:\s+(?:van|de|der|den|le|la|du|Van|De|Der|Den|Le|La|Du|Vanden|Vander))*(?:\s+\p{Lu}[\p{Ll}'’-]+)?)$/u;

/** The two given names and the shared surname of a couple's signature ("Jan & Mieke Van Hecke"), or null. */
export function coupleOf(line: string): { given: [string, string]; surname: string } | null {
  const m = COUPLE.exec(line.trim());
  if (!m || !m[3]!.trim()) return null;
  return { given: [m[1]!, m[2]!], surname: m[3]!.trim() };
}

// Someone spoken of in the third person: "Jan zegt dat ik …", "Jan says I should …", "Monique m'a dit de …".
const SPOKEN_OF = String.raw`\s+(?:zegt|zei|zegde|vindt|vond|vroeg|meent|says|said|told|asked|thinks|thought|dit|disait|a dit|m['’]a dit|pense|trouve|demande|m['’]a demand[ée])\b`;

/**
 * Who writes under a couple's signature: the one of the two the text does not speak of in the third person
 * ("Jan zegt dat ik jullie zelf moet mailen … / Jan & Mieke Van Hecke" → "Mieke Van Hecke"). Null when the text
 * speaks of neither or of both: then two people sign and neither is the writer for sure.
 */
export function coupleWriter(line: string, text: string): string | null {
  const couple = coupleOf(line);
  if (!couple) return null;
  const spoken = couple.given.map((g) => new RegExp(String.raw`\b${g}${SPOKEN_OF}`, 'u').test(text));
  if (spoken[0] === spoken[1]) return null;
  return `${couple.given[spoken[0] ? 1 : 0]} ${couple.surname}`;
}

/**
 * Whether a signature line is a couple's shared signature rather than a firm's name ("Smith & Jones"): the
 * shape of two given names and a surname, the surname being the sender's (From name or mailbox).
 */
export function isCoupleSignature(line: string, senderName: string, senderAddress: string): boolean {
  const m = COUPLE.exec(line.trim());
  if (!m) return false;
  const surname = m[3]!.trim();
  // Two words alone ("Janssens & Zonen", "Ghellinck & Partners") are as often a firm: only a shared surname tells.
  if (!surname) return false;
  const fold = (t: string) =>
    t
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
  const s = fold(surname);
  return s.length >= 3 && (fold(senderName).includes(s) || fold(senderAddress.split('@')[0] ?? '').includes(s));
}
