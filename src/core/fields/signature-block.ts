// The signature block as a structure: the lines after the closing (or the short
// lines ending a mail that has none), before a disclaimer or "Sent from my
// iPhone", each line (or each part of a "Name | Role | Org" line) classified —
// name, role, organisation, postal address, phone, VAT/company number, web or
// mail address, disclaimer, closing — and read as a whole: a name line, then a
// role, then the organisation, then the contact lines.

import type { Mailbox } from '../message.ts';
import { isMembership, isRegistrationNumber } from './line-shapes.ts';
import { fold } from '../text-tools.ts';
import { corroborated, isFullName, isLettersAfterName, surnameCommaName, withoutAlias, withoutHonorific, withoutLetterRuns } from './names.ts';
import { grabOrganisation, hasBodyMarker, isBodyWord, isLegalForm, isOrgWord, isOwnCompanyName, looksLikeOrganisation } from './organisations.ts';
import { bodyAfterUnit, isHousehold, isRoleOnly, isRoleWord, isTitleWord, isUnitOnly, leadingRole, organisationAfterRole, teamBody } from './roles.ts';

export type PartKind = 'closing' | 'name' | 'role' | 'organisation' | 'address' | 'phone' | 'legal-id' | 'web' | 'disclaimer' | 'own-company' | 'other';

export interface BlockPart {
  text: string;
  kind: PartKind;
  /** The line it is on, counted from the block's first line. */
  line: number;
  /** That line's whole text (several parts share it: "MUTUALITÉ SOLIDARIS – AGENCE DE CINEY"). */
  lineText?: string;
  /** For an organisation (or a role naming one, "Président du Cercle X"): the organisation's name. */
  organisation?: string;
  /** A role's area beside it on its line ("Senior Engineer | Water & Infrastructure"), read as a role. */
  area?: boolean;
}

export interface SignatureBlock {
  /** Every part, in order. */
  parts: BlockPart[];
  name: BlockPart | null;
  role: BlockPart | null;
  organisation: BlockPart | null;
  /** Whether a closing ("Kind regards,") opens the block. */
  closed: boolean;
  /** The part naming the writer's own mail domain, when one line does ("Fieldnote Studio" from @fieldnotestudio.be). */
  domainOwner?: BlockPart | null;
}

// Closings people make their own are still closings: an adjective or a compound before "groeten"
// ("Sportieve groeten", "Met imkersgroeten"), any words before "regards" ("Sporting regards"), an
// adverb alone in French ("Sportivement", "Musicalement vôtre"), German "Grüße".
const CLOSING =
  /^((met )?(\p{L}+e )?groet(en|jes)?$|(met )?\p{L}{3,}groet(en|jes)?$|(with )?(\p{L}+ ){0,2}regards|(bien |tres )?\p{L}{4,}ement( votre)?$|(mit )?(\p{L}+e[nr]? )?gr(u|ü)(ß|ss)e?n?$|mfg$|(bav|a\+|a plus|amities|amitie|vg|gr|grt|grts|grtz|grtjs|cdt|rgds|br|kr|thx|tx|warmly|cdlt|slts|bisous|bizz?)$|(bien )?cordialement|bien (a vous|a toi|amicalement)|(mes |nos )?(meilleures |sinceres |bonnes )?salutations|veuillez agreer.*|avec (mes|nos) (meilleures |sinceres |cordiales |bonnes )?(remerciements|salutations).*|merci( beaucoup| d'avance| bien)?|bonne (journee|soiree|fin de journee)|a bientot|amicalement|bises|(met )?(vriendelijke|hartelijke|beste|warme) groet(en)?|mvg|groeten|groetjes|alvast (bedankt|dank)|bedankt( alvast)?|dank (u|je)( wel)?|met dank|(best|kind|warm|warmest|kindest|many) (regards|wishes|thanks)|(with )?(all )?(best|kind|warm|warmest|kindest|good) wishes|regards|best|thanks( again| so much| in advance)?|thank you|cheers|sincerely|yours (sincerely|truly|faithfully)|respectfully|all the best|take care|with thanks|yours in [a-z]+|hoogachtend|(met )?(de )?(meeste |alle )?hoogachting|met (vriendelijke |hartelijke )?dank( en [a-z ]+)?|en vous remerciant.*|je vous remercie.*|avec mes remerciements.*)(?:\b|$)/u;

// Closings in the other languages writers reach for ("Muchas gracias,", "Grazie mille", "Dziękuję", "Teşekkürler"):
// never a name or a body.
const FOREIGN_CLOSING =
  /^((muchas |mil )?gracias|(un )?saludos?( cordiales)?|cordiales saludos|atentamente|un abrazo|grazie( mille)?|cordiali saluti|distinti saluti|saluti|obrigad[oa]|atenciosamente|cumprimentos|danke( schon| sehr)?|vielen dank|herzliche grusse|(mat )?(beschten?|frendlechen?|leiwen?|vill|schei) gr(e|ei)iss?(en)?|dziekuje|pozdrawiam|pozdrowienia|tesekkurler|tesekkur ederim|saygilarimla|tack|med vanlig halsning|mvh|kiitos|shukran|spasibo)$/;

export function isClosingLine(line: string): boolean {
  const l = fold(line)
    .replace(/[!.,]+$/, '')
    .trim();
  if (/^(--|—|__)\s*$/.test(line.trim())) return true;
  // Signing for a body, as formal letters close: "Pour le Pouvoir organisateur,", "Namens het bestuur,", "For the Board,", "p.o. …,".
  if (/,\s*$/.test(line) && /^(pour|namens|for|on behalf of|au nom (de|du|des|d')|im namen|p\.?\s?o\.?)\s/.test(l) && l.split(/\s+/).length <= 8) return true;
  // "Mit freundlichen Grüßen / Kind regards", "Cordialement | Met vriendelijke groeten": one closing in two languages.
  // Up to three languages: "Cordialement / Met vriendelijke groeten / Kind regards".
  const halves = l.split(/\s*[/|]\s*/).map((h) => h.replace(/[!.,]+$/, ''));
  if (halves.length >= 2 && halves.length <= 3 && halves.every((h) => h && isOneClosing(h) && h.split(/\s+/).length <= 6)) return true;
  return isOneClosing(l) && l.split(/\s+/).length <= 7;
}

// "Liebe Grüße aus Eupen", "Groeten uit Gent", "Greetings from Brussels", "Amitiés de Namur": a closing sent from a place.
const FROM_PLACE = /\s+(?:aus|uit|vanuit|from|depuis|de|du|d')\s*[a-z' -]{2,30}$/;

function isOneClosing(l: string): boolean {
  if (CLOSING.test(l) || FOREIGN_CLOSING.test(l)) return true;
  const closing = l.replace(FROM_PLACE, '');
  return closing !== l && closing.split(/\s+/).length <= 4 && (CLOSING.test(closing) || FOREIGN_CLOSING.test(closing) || /^greetings$/.test(closing));
}

// Where the block ends: "Sent from my iPhone", a disclaimer, a long paragraph.
const DEVICE_LINE =
  /^(sent (from|with|using)|envoy[ée] (de|depuis|avec|à partir de|a partir de)|verzonden (vanaf|met|van)|verstuurd (vanaf|met|van)|von meinem|gesendet (von|mit|vom)|get outlook|obtenir outlook|download outlook|outlook (pour|voor|for) (ios|android))\b/i;
const DISCLAIMER =
  /\b(confidential|disclaimer|intended (solely |only )?for|this (e-?mail|message) (and any|is|may)|ce (message|courriel|mail) (et|est|peut)|confidentiel|vertrouwelijk|dit (bericht|e-?mailbericht) (is|kan|en)|think before you print|pensez [àa] l'environnement|denk aan het milieu)\b/i;

// "D +32 2 290 55 14", "Direct: …": a direct line is a phone too.
const PHONE = /^(?:(?:tel|t[ée]l[ée]?phone|t[ée]l|gsm|mobile?|mob|phone|fax|direct|dir|t|m|p|f|d)\s*[.:]?\s*)?\+?\(?\d[\d ./()-]{6,}\d$/i;
const PHONE_LABELLED = /^(?:tel|t[ée]l|gsm|mobile?|mob|phone|fax|direct|dir|t|m|p|f|d)\s*[.:]?\s*\+?\d/i;
const LEGAL_ID =
  /\b(?:tva|btw|vat|kbo|bce|rpm|rpr|ondernemingsnummer|num[ée]ro d'entreprise|company (?:no|number|reg)|(?:charity|registration) (?:no|number)|registered (?:charity|company|office|in)|kvk|iban|bic|rcs|r\.c\.s|siret|siren|vereinsregister|handelsregister|amtsgericht|registergericht|hrb|hra|ust-?idnr|steuernummer|uid|ide|handelsregisteramt)\b|\bCHE-?\d{3}\.?\d{3}\.?\d{3}\b|\bVR\s?\d{2,}\b|\bBE\s?0?\d{3}[. ]?\d{3}[. ]?\d{3}\b/i;
const WEB = /@|https?:\/\/|\bwww\.|^[a-z0-9-]+\.(?:be|com|org|net|eu|nl|fr|uk|io)\b/i;
// A postcode never follows a word of a name and one space ("9000 Gent", "B-9000 Gent", "Str. 74 * 40219 Düsseldorf"); there
// it is a year or a number in the name ("VV Rood-Wit 1921 Sinaai", "Quick-Pass 2000").
const ADDRESS =
  /(?<![\p{L}'’)]\s)\b\d{4,5}\s+\p{Lu}|\b(?:rue|avenue|av\.|chauss[ée]e|boulevard|bd|place|all[ée]e|quai|straat|laan|steenweg|plein|dreef|kaai|lei|street|road|lane|square)\b|\b\p{L}+(?:straat|laan|weg|plein|street|road|lei|dreef)\s*\d|,\s*(?:uk|united kingdom|england|belgium|belgique|belgi[eë]|nederland|netherlands|the netherlands|france|luxembourg|deutschland|germany|usa|ireland|spain|italy)\.?$/iu;

// A street with its number, or a postcode with its town: "Rue de la Gare 2", "Kerkstraat 14", "6900 Marloie".
const STREET_NUMBER =
  /\b(?:rue|avenue|av\.|chauss[ée]e|boulevard|bd|place|all[ée]e|quai|straat|laan|steenweg|plein|dreef|kaai|lei|street|road|lane|square|stra(?:ss|ß)e)\b[^,\d]{0,40}?\s\d{1,4}[a-z]?\b|\b\p{L}{3,}(?:straat|laan|weg|plein|street|road|lei|dreef|stra(?:ss|ß)e)\s*\d{1,4}\b|\b[1-9]\d{3}\s+\p{Lu}\p{Ll}/iu;

// A postcode's town is a word, never a legal form: "Quick-Pass 2000 BV" is a firm with a number in its name.
function streetOrPostcode(v: string): boolean {
  for (const m of v.matchAll(new RegExp(STREET_NUMBER.source, 'giu'))) {
    const postcode = /^[1-9]\d{3}\s+(\S+)/u.exec(m[0]);
    const town = postcode
      ? v
          .slice(m.index + postcode[0].length - postcode[1]!.length)
          .split(/\s+/)[0]!
          .replace(/[,.;]$/, '')
      : '';
    // (A number after a word of the name, no comma before it, is the name's: "VV Rood-Wit 1921 Sinaai".)
    const named = postcode && /^[^,]*[\p{L}'’)]\s$/u.test(v.slice(0, m.index)) && !/\d/.test(v.slice(0, m.index));
    if ((!postcode || !isLegalForm(town)) && !named) return true;
  }
  return false;
}

/**
 * Whether a value read as an organisation holds a contact line: a street and number, a postcode and
 * town, a phone, a VAT or company number, a web or mail address ("ASBL Rue de la Gare 2": a legal
 * form read on into the address beside it). A body's name never does.
 */
export function holdsContactLine(value: string): boolean {
  const v = value.trim();
  // A run of six digits or more is a registration or account number ("Reg. Imprese MI 01442240030").
  return streetOrPostcode(v) || LEGAL_ID.test(v) || WEB.test(v) || PHONE.test(v) || PHONE_LABELLED.test(v) || /\d{6,}/.test(v);
}

/** "LAMBERT Christophe", "Jean-Marie DRICOT": a name in capitals (a two- to four-word line of name words). */
function isCapitalsName(text: string): boolean {
  const tokens = text.trim().split(/\s+/);
  if (tokens.length < 2 || tokens.length > 4) return false;
  if (tokens.some((t) => isBodyWord(t) || isRoleWord(t))) return false;
  return tokens.every((t) => /^\p{Lu}[\p{L}'’-]+$/u.test(t)) && tokens.some((t) => /^\p{Lu}[\p{Lu}'’-]+$/u.test(t));
}

// "VAN DEN BERGH Sofie", "MAES Els": the surname in capitals, then the given name. Short capitals
// words look like initials ("KBC Bank", "OCMW Aalst"), so the shape is a name only with a family
// particle in capitals, or when the From mailbox bears one of its words out.
const SURNAME_FIRST = /^((?:\p{Lu}[\p{Lu}'’-]*\s+){1,3})(\p{Lu}\p{Ll}[\p{L}'’-]*(?:[\s-]\p{Lu}\p{Ll}[\p{L}'’-]*)?)$/u;
const CAPS_PARTICLE = /^(?:VAN|VON|DE|DEN|DER|DU|DI|DA|LE|LA|TER|TEN|VANDEN|VANDER|DOS|DEL)$/;

function isSurnameFirst(text: string, sender: Mailbox | null): boolean {
  const m = SURNAME_FIRST.exec(text.trim());
  if (!m) return false;
  const tokens = text.trim().split(/\s+/);
  if (tokens.some((t) => isLegalForm(t) || isOrgWord(t) || isRoleWord(t))) return false;
  const caps = m[1]!.trim().split(/\s+/);
  if (caps.every((c) => CAPS_PARTICLE.test(c)) || caps.some((c) => c.replace(/[^\p{L}]/gu, '').length < 2)) return false;
  return caps.some((c) => CAPS_PARTICLE.test(c)) || corroborated(text, sender);
}

function withoutTitles(text: string): string {
  // "Dr. med. vet. Lukas Heinen", "Prof. Dr. Anna Weber", "mevr. Els Maes": a chain of titles before the name.
  return withoutHonorific(text.replace(/\((?:mr|mrs|ms|miss|dr|prof|mme|mlle|mevr|dhr)\.?\)/gi, ''))
    .trim()
    .split(/\s+/)
    .filter((t, i, all) => !(isTitleWord(t) && (i === 0 || i === all.length - 1) && all.length > 2))
    .join(' ');
}

/**
 * The From display name when a signature part is its initials ("G.H." or "GH" under From "Geoffrey
 * Hartley", "J-P.D." under "Jean-Pierre Dumont"): the writer signs with their initials. Null otherwise.
 */
export function initialsOf(part: string, sender: Mailbox | null): string | null {
  const t = part.trim().replace(/[,;]$/, '');
  const display = sender?.name?.trim();
  if (!display || !/^(?:\p{Lu}[.\s-]*){2,4}$/u.test(t) || !isFullName(display)) return null;
  const letters = t.replace(/[^\p{Lu}]/gu, '');
  const initials = withoutHonorific(display)
    .split(/[\s-]+/)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join('');
  // Initials of every capitalised word, or of the first and the last ("Jean-Pierre Dumont" → "JD" as well).
  const firstLast = initials.length > 2 ? initials[0]! + initials.at(-1)! : initials;
  return letters.length >= 2 && (letters === initials || letters === firstLast) ? withoutHonorific(display) : null;
}

/** "G.H.", "J.-P. D.", "A.V": initials alone, with a stop between the letters; a legal form ("N.V.", "S.A.") is not. */
export function isInitialsOnly(text: string): boolean {
  const t = text.trim();
  return /^\p{Lu}\.(?:\s*-?\s*\p{Lu}\.?){1,3}$/u.test(t) && !isLegalForm(t);
}

/**
 * A body's name that lists what it does, its commas closed by a conjunction ("Académie de musique,
 * danse et arts de la parole de Ciney", "FOD Volksgezondheid, Veiligheid van de Voedselketen en
 * Leefmilieu"), or a firm of partners by their surnames ("d'Ans, Lejeune & Associés SRL"): one name, not parts.
 * Not when a part is a person, a role or a contact line.
 */
export function isEnumeratedName(line: string): boolean {
  const t = line.trim().replace(/[;.]$/, '');
  if (/[|•·▪●■◆◦∙⋅–—()]|\s-\s/.test(t)) return false;
  const parts = t.split(/,\s+/);
  if (parts.length < 2 || parts.length > 4 || t.split(/\s+/).length > 14) return false;
  const last = parts[parts.length - 1]!;
  if (!/\s(?:et|en|and|und|&)\s/.test(last)) return false;
  // A firm of partners named by their surnames: "d'Ans, Lejeune & Associés SRL", "Baker, Tilly & Partners", "Janssens,
  // Peeters en Vennoten": surnames before the commas, the last part closed by a legal form or a word for the partners.
  const closedAsFirm =
    isLegalForm(last.split(/\s+/).at(-1)!.replace(/[,.]$/, '')) || /\b(?:associ[ée]s|partners|vennoten|zonen|fils|fr[èe]res|co)\.?$/iu.test(last);
  if (
    closedAsFirm &&
    parts.slice(0, -1).every((p) => /^(?:(?:d['’]|de |van |van de |van der |le |la |du |vanden |vander )?\p{Lu}[\p{L}'’-]+)$/iu.test(p.trim()))
  )
    return true;
  if (!hasBodyMarker(parts[0]!) || !/^\p{Lu}/u.test(parts[0]!)) return false;
  const body = (s: string) => hasBodyMarker(s);
  return parts.every(
    (p) => !(isFullName(withoutTitles(p)) && !hasBodyMarker(p)) && !isRoleOnly(p, body) && !leadingRole(p) && !holdsContactLine(p) && !isLegalForm(p.trim()),
  );
}

/** "Pharmacie hospitalière", "Service social", "Académie de musique": a kind of body in common words, no name of its own. */
export function isGenericKind(value: string): boolean {
  const tokens = value.trim().split(/\s+/);
  return (
    tokens.length >= 2 && tokens.length <= 4 && tokens.slice(1).every((t) => /^\p{Ll}/u.test(t)) && !tokens.some((t) => isLegalForm(t.replace(/[,.]$/, '')))
  );
}

/** "a Ghent University spin-off", "une initiative de la Ville", "een project van Stad Gent": what a body is, not its name. */
export const DESCRIPTION = /^(?:a|an|un|une|een)\s+\S/u;

/**
 * "Secrétariat social Horizon ASBL", "Social Secretariat Acerta vzw": an office word (a secretariat is a body's office, not
 * a person's post) qualified by a lower-case adjective, then a legally named body, is one name: the office kind is part of it.
 */
export function officeBody(line: string, body: string): boolean {
  const words = line.trim().split(/\s+/);
  const last = words[words.length - 1] ?? '';
  return (
    /^(?:secr[eé]tariat|secretariaat|secretariat)$/iu.test(fold(words[0] ?? '')) &&
    /^\p{Ll}/u.test(words[1] ?? '') &&
    /^\p{Ll}/u.test(body.trim()) &&
    isLegalForm(last.replace(/[,.]$/, '')) &&
    words.length <= 8
  );
}

/**
 * A description by its kind, without the article: the kind of body in lower case after words that qualify it
 * ("German-speaking playgroup Brussels", "Dutch-language theatre company", "petite école de devoirs"), or a kind alone in
 * lower case with its adjective ("cohabitat groupé"). A body's own name starts with its kind ("Cliniques universitaires
 * Saint-Luc", "Maison de Jeunes de Ciney") or carries no lower-case kind; a legal form makes it a name.
 */
/**
 * A unit's shape that ends with a word of the writer's own name as From gives it ("Bureau d'études Lambert" from Marc
 * Lambert): the writer's own firm, named after them, not a unit of a body.
 */
export function endsWithSendersName(text: string, sender: Mailbox | null): boolean {
  const last = text.trim().split(/\s+/).pop() ?? '';
  if (!sender?.name || !/^\p{Lu}/u.test(last)) return false;
  const words = fold(sender.name)
    .split(/[^a-z'-]+/)
    .filter((w) => w.length >= 3);
  return words.includes(fold(last).replace(/[^a-z'-]/g, ''));
}

const OF_WHOM = /^(?:de|du|des|of|van|der|von)$/u;

export function isKindDescription(text: string): boolean {
  const tokens = text.trim().split(/\s+/);
  if (tokens.length < 2 || tokens.some((t) => isLegalForm(t.replace(/[,.]$/, '')))) return false;
  if (/^\p{Lu}/u.test(tokens[0]!) && isOrgWord(tokens[0]!)) return false;
  // A capitalised word after the first that is no body's word is a proper name ("Régie communale autonome de Chastre"):
  // the part names its body, it does not describe one (a place set after it does not: "playgroup Brussels").
  if (tokens.some((t, i) => i >= 2 && OF_WHOM.test(tokens[i - 1]!) && /^\p{Lu}\p{Ll}/u.test(t) && !isOrgWord(t))) return false;
  return tokens.some((t, i) => /^\p{Ll}/u.test(t) && isOrgWord(t) && (i > 0 || tokens.slice(1).every((u) => /^\p{Ll}/u.test(u))));
}

/**
 * "Personal Assistant to Charles Whitmore", "Secretaresse van dhr. Peeters", "Assistante de Maître Dupont": a post held
 * for a person is a role, whoever the person.
 */
function roleForPerson(text: string): boolean {
  const lead = leadingRole(text);
  const person = lead && /^(?:to|for|of|van|voor|de|du|aan|à)\s+(.+)$/iu.exec(lead.rest)?.[1];
  return !!person && !hasBodyMarker(person) && isFullName(withoutTitles(person));
}

/** Two to four words, the first capitalised and every other one in lower-case letters: a phrase, not a name. */
export function isSentenceCasePhrase(text: string): boolean {
  const tokens = text.trim().split(/\s+/);
  return tokens.length >= 2 && tokens.length <= 4 && /^\p{Lu}\p{Ll}+$/u.test(tokens[0]!) && tokens.slice(1).every((w) => /^\p{Ll}[\p{Ll}-]*$/u.test(w));
}

/** What one part of a signature line is. */
export function classifyPart(text: string, companyNames: readonly string[] = [], sender: Mailbox | null = null): PartKind {
  const t = text.trim().replace(/[,;]$/, '');
  if (!t) return 'other';
  if (DEVICE_LINE.test(t)) return 'disclaimer';
  if (t.length > 120 || DISCLAIMER.test(t)) return 'disclaimer';
  if (isClosingLine(t)) return 'closing';
  if (LEGAL_ID.test(t)) return 'legal-id';
  if (WEB.test(t)) return 'web';
  if (PHONE.test(t) || PHONE_LABELLED.test(t)) return 'phone';
  if (ADDRESS.test(t)) return 'address';
  if (isOwnCompanyName(t, companyNames)) return 'own-company';
  if (isHousehold(t)) return 'other';
  // "a Ghent University spin-off", "une initiative de la Ville", "een project van Stad Gent": a description of the
  // body, after an indefinite article in lower case; its name stands elsewhere.
  if (DESCRIPTION.test(t)) return 'other';
  // "DVM, MSc", "G.H.", "J.-P.", "TG" under From "Tine Goossens": letters after a name or initials signing, never a body.
  if (isLettersAfterName(t) || isInitialsOnly(t) || initialsOf(t, sender)) return 'other';
  // "Pour Mme Gilson", "On behalf of the Head": who the signer writes for, a person as often as a body.
  if (
    /^(?:pour|namens|in naam van|on behalf of|de la part de|au nom de|p\.\s?o\.?|i\.\s?o\.?)\s+(?:(?:mr|mrs|ms|dr|mme|m|mevr|dhr|madame|monsieur|mevrouw|meneer|the|la|le|de|het)\.?\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2}$/iu.test(
      t,
    )
  )
    return 'other';
  const body = (s: string) => hasBodyMarker(s);
  // "KOWALCZYK, Tomasz": a name written surname first, in capitals, then the given name.
  if (surnameCommaName(t)?.rest === '') return 'name';
  // "Team Brussels Food Collective", "L'équipe de la Maison des Jeunes": the body signing as its people;
  // "Service des sports de la Ville de Wavre": a unit of the body named after it.
  if (teamBody(t, body) || bodyAfterUnit(t, (w) => isBodyWord(w))) return 'organisation';
  // A unit of a body ("Service Jeunesse", "Dienst Burgerzaken", "Finance Department"): the body is on
  // another line. Two capitalised words, but no person.
  if (isUnitOnly(t, body) && !endsWithSendersName(t, sender)) return 'role';
  // "Prof. Bernard Lhoist", "Mme Josiane Collard": a title beside a name leaves a name.
  const bare = withoutTitles(t);
  // A role typed before the name ("Secretaris-penningmeester Harpreet Singh Sandhu") is dropped with the titles.
  const roleWords = bare.split(/\s+/).filter((w) => isRoleWord(w) && !isTitleWord(w));
  // (Letters after the name, "MBBS MRCGP", are capitals but no body's initials.)
  if ((isFullName(bare) || isCapitalsName(bare)) && !hasBodyMarker(withoutLetterRuns(t)) && roleWords.length === 0) return 'name';
  if (roleWords.length === 0 && isSurnameFirst(bare, sender)) return 'name';
  if (isRoleOnly(t, body) || organisationAfterRole(t, body) || roleForPerson(t)) return 'role';
  // "J. Peeters": an initial and a surname sign as a person.
  if (/^\p{Lu}\.\s*(?:\p{Lu}\.\s*)?\p{Lu}[\p{L}'’-]+$/u.test(bare)) return 'name';
  // "Zelfstandig onthaalouder", "Freelance illustrator", "Conseillère indépendante": a capital to start the line and every
  // word after it in lower case, with no mark of a body, is what the writer does written as a phrase; a body's name is
  // capitalised for its name ("Kinderopvang De Kabouter"), or carries its kind ("Cabinet dentaire").
  if (isSentenceCasePhrase(t) && !hasBodyMarker(t)) return 'role';
  // One capitalised word ("Lucas") is a first name as often as a body: only a marked body counts then.
  if (hasBodyMarker(t) || (looksLikeOrganisation(t) && t.split(/\s+/).length >= 2)) return 'organisation';
  return 'other';
}

// Separators between the parts of one line: "Marie Dubois | Trésorière | ASBL Les Amis"; a spaced "?" before a capital
// is a dash lost to a Latin-1 webmail ("Ostéopathe D.O. ? Cabinet d'ostéopathie Heinen").
const PARTS = /\s*(?:[|•·▪●■◆◦∙⋅]|\s[–—-]\s|\s\?\s(?=\p{Lu})|,\s+)\s*/u;

/**
 * A name with its role run on after it, with no separator ("Lotte Van Hecke Verantwoordelijke",
 * "Tom Wouters Head Coach": two table cells or two spans made one line): the name and the role.
 */
export function nameThenRole(text: string): { name: string; role: string } | null {
  const tokens = text.trim().split(/\s+/);
  // The shortest name that does not end on a particle: "Tom Wouters | Head Coach", "Lotte Van Hecke | Verantwoordelijke".
  for (let k = 2; k < tokens.length; k++) {
    const name = tokens.slice(0, k).join(' ');
    const role = tokens.slice(k).join(' ');
    // A name never ends with a particle ("Pieter De Coach" is a surname).
    if (!isFullName(name) || /^(?:de|van|von|der|den|du|le|la|ter|ten|di|da|del)$/i.test(tokens[k - 1]!) || isTitleWord(tokens[k]!)) continue;
    if (leadingRole(role) && (isRoleOnly(role, (t) => hasBodyMarker(t)) || organisationAfterRole(role, (t) => hasBodyMarker(t)))) return { name, role };
  }
  return null;
}

// "afdeling Maldegem", "section de Huy", "régionale Namur", "Leuven branch": a local branch of the body named before it.
const BRANCH =
  /^(?:(?:afdeling|afd\.?|section|sectie|branch|chapter|antenne|r[ée]gionale|locale|regio)\s+(?:(?:de|d['’]|van|of)\s*)?\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?|\p{Lu}[\p{L}'’-]*\s+(?:branch|chapter|section|afdeling))$/iu;

/** A branch after a comma ("Rode Kruis-Vlaanderen, afdeling Maldegem") is part of the body's name, not a part of its own. */
export function withBranches(parts: string[], line: string): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const prev = out[out.length - 1];
    const afterComma = prev !== undefined && line.includes(`${prev.trim()}, ${part.trim()}`);
    if (afterComma && BRANCH.test(part.trim()) && /^\p{Lu}/u.test(prev.trim()) && !isFullName(prev)) out[out.length - 1] = `${prev.trim()}, ${part.trim()}`;
    else out.push(part);
  }
  return out;
}

function splitParts(line: string): string[] {
  if (isEnumeratedName(line)) return [line.trim()];
  // "KOWALCZYK, Tomasz (Mr)": a name written surname first keeps its comma.
  const surnameFirst = surnameCommaName(line);
  if (surnameFirst) return [surnameFirst.name, ...(surnameFirst.rest ? splitParts(surnameFirst.rest) : [])];
  // A phone or an address keeps its commas and dashes.
  // "Bart Peeters - Brouwerij Peeters bv - Kerkstraat 12 - 2000 Antwerpen": three spaced dashes or more cut a one-line signature.
  if (ADDRESS.test(line) && !/[|•·▪●■◆◦∙⋅]/.test(line) && line.split(/\s[–—-]\s/).length < 4) return [line];
  // "Sarah (Little Acorns Nursery)": an aside in parentheses is a part of its own.
  return withBranches(line.split(PARTS), line)
    .flatMap((p) =>
      /\(([^()]{3,})\)\s*$/.test(p) && !/^\((?:mr|mrs|ms|dr|prof|mme|mevr|dhr)\.?\)$/i.test(p.slice(p.lastIndexOf('(')).trim())
        ? [p.slice(0, p.lastIndexOf('(')), p.slice(p.lastIndexOf('(') + 1, p.lastIndexOf(')'))]
        : [p],
    )
    .filter((p) => p.trim())
    .flatMap((p) => {
      const split = nameThenRole(p);
      return split ? [split.name, split.role] : [p];
    });
}

/**
 * The writer's text as signature lines: a table signature's cells, which a client's plain text
 * separates by tabs ("Thierry Masson<TAB>Coordinateur"), are lines of their own, as they show; a
 * name line keeps the name without the nickname beside it ('Jess Lemaire aka "Lemon Crush" #42').
 */
export function signatureLines(text: string): string[] {
  return text
    .split('\n')
    .flatMap((l) => l.split(/\t+/))
    .map((l) => withoutAlias(withoutOrnaments(l.trim())))
    .filter(Boolean);
}

// Ornaments around a logo line ("~~~ LES CAMÉLÉONS ~~~", "✿ LES P'TITS LOUPS ✿", "*** Harbour Choir ***", "== X =="): no text.
const ORNAMENT = String.raw`[~✿❀❁✽✾★☆✦✧♦◆❖♥❤♪♫☀✱✲*=#_]`;
const ORNAMENTED = new RegExp(String.raw`^${ORNAMENT}+(?:\s*${ORNAMENT})*\s*(\S.*?\S|\S)\s*${ORNAMENT}+(?:\s*${ORNAMENT})*$`, 'u');

/** A line's text without the ornaments on both its sides; a line with them on one side only is left as written. */
function withoutOrnaments(line: string): string {
  const m = ORNAMENTED.exec(line);
  return m && /\p{L}/u.test(m[1]!) ? m[1]! : line;
}

/** The lines of the signature block: after the last closing, or the last short lines of a mail without one. */
function blockLines(lines: string[]): { lines: string[]; closed: boolean } {
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (DEVICE_LINE.test(lines[i]!) || (i > 0 && DISCLAIMER.test(lines[i]!) && lines[i]!.length > 60)) {
      end = i;
      break;
    }
  }
  const body = lines.slice(0, end);
  for (let i = body.length - 1; i >= Math.max(0, body.length - 10); i--) {
    if (isClosingLine(body[i]!)) {
      // "Thanks, Sarah Connor": the name on the closing line itself.
      const inline = /^[^,]+,\s*(.+)$/.exec(body[i]!)?.[1];
      return { lines: [...(inline ? [inline] : []), ...body.slice(i + 1)], closed: true };
    }
  }
  // No closing: the trailing short lines that are not sentences.
  const tail: string[] = [];
  for (let i = body.length - 1; i >= 0 && tail.length < 6; i--) {
    const line = body[i]!;
    // Words, not separators or phone digits: "Marie Dubois – ASBL Les Amis – 0475 12 34 56" is a short line.
    if (line.length > 80 || /[.!?:]$/.test(line) || line.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length > 9) break;
    tail.unshift(line);
  }
  return { lines: tail.length < body.length ? tail : tail.slice(1), closed: false };
}

/** The signature block of a writer's own text, read as a whole, or null when there is none. */
export function signatureBlock(text: string, sender: Mailbox | null = null, companyNames: readonly string[] = []): SignatureBlock | null {
  const lines = signatureLines(text);
  const found = blockLines(lines);
  if (found.lines.length === 0) return null;
  const parts: BlockPart[] = [];
  found.lines.slice(0, 10).forEach((line, index) => {
    for (const part of splitParts(line)) {
      const kind = classifyPart(part, companyNames, sender);
      const entry: BlockPart = { text: part.trim(), kind, line: index, lineText: line.trim() };
      // A part is already cut at its separators: the whole part is the organisation, unless it runs on.
      if (kind === 'organisation')
        entry.organisation =
          teamBody(part, (s) => hasBodyMarker(s)) ??
          bodyAfterUnit(part, (w) => isBodyWord(w)) ??
          (part.trim().split(/\s+/).length <= 8 || isEnumeratedName(part) ? part.trim().replace(/[,;.]$/, '') : (grabOrganisation(part) ?? part.trim()));
      if (kind === 'role') {
        const org = organisationAfterRole(part, (s) => hasBodyMarker(s));
        if (org) entry.organisation = grabOrganisation(org) ?? org;
      }
      parts.push(entry);
    }
  });
  // "Coordinatrice – Plaines de vacances de Sprimont": after the writer's post alone on its line, the part beside it that
  // opens with a capital and holds another is the body the post is held in, whatever its words (a person's name is not).
  parts.forEach((part, i) => {
    const before = parts[i - 1];
    if (part.kind !== 'other' || !before || before.line !== part.line || before.kind !== 'role' || before.organisation) return;
    if (!isRoleOnly(before.text, (t) => hasBodyMarker(t))) return;
    const tokens = part.text.replace(/[,;.]$/, '').split(/\s+/);
    const capitals = tokens.filter((t) => /^\p{Lu}/u.test(t)).length;
    if (tokens.length < 2 || tokens.length > 8 || capitals < 2 || !/^\p{Lu}/u.test(tokens[0]!) || /[\d@]/.test(part.text)) return;
    if (isFullName(part.text) || isRoleWord(tokens[0]!)) return;
    part.kind = 'organisation';
    part.organisation = part.text.replace(/[,;.]$/, '');
  });
  // "J.-P. Mahieu / Secrétaire / Amis de l'orgue de la collégiale de Nivelles": the line right under the writer's post, alone
  // on its own line, that opens with a capital and holds another is the body the post is held in, whatever its words (a
  // person's name, a contact line or a further post is not). A post sits between who holds it and where.
  parts.forEach((part, i) => {
    const before = parts[i - 1];
    if (part.kind !== 'other' || !before || before.kind !== 'role' || before.organisation || before.line !== part.line - 1) return;
    if (parts.some((p) => p !== part && p.line === part.line) || parts.some((p) => p !== before && p.line === before.line)) return;
    if (!isRoleOnly(before.text, (t) => hasBodyMarker(t))) return;
    const tokens = part.text.replace(/[,;.]$/, '').split(/\s+/);
    const capitals = tokens.filter((t) => /^\p{Lu}/u.test(t)).length;
    if (tokens.length < 2 || tokens.length > 10 || capitals < 2 || !/^\p{Lu}/u.test(tokens[0]!) || /[\d@]/.test(part.text)) return;
    if (isFullName(part.text) || isRoleWord(tokens[0]!) || holdsContactLine(part.text)) return;
    part.kind = 'organisation';
    part.organisation = part.text.replace(/[,;.]$/, '');
  });
  // Read as a whole: the name is the first name part; the organisation the first
  // organisation part after it (or the one a role names); a name-shaped line that
  // spells the sender's mail domain is the organisation signing ("Helping Hands Leuven").
  // Only from a shared mailbox (contact@, info@, secretariaat@): jan@jan-van-damme.be signs as a person.
  const domain = sender && isSharedMailbox(sender.address) ? fold(sender.address.split('@')[1] ?? '').replace(/\.[a-z]+$/, '') : '';
  for (const part of parts) {
    if (part.kind === 'name' && domain && spellsDomain(part.text, domain) && part.text.split(/\s+/).length >= 3) {
      part.kind = 'organisation';
      part.organisation = part.text;
    }
  }
  // "Secrétariat social Horizon ASBL": an office of a kind, qualified, before a legally named body is that body's name.
  for (const part of parts) {
    if (part.kind === 'role' && part.organisation && officeBody(part.text, part.organisation)) {
      part.kind = 'organisation';
      part.organisation = part.text.trim();
    }
  }
  // A second name-shaped line under the writer's name that spells their own (not a provider's) mail domain is
  // the firm signing ("Elena Moretti / Office & HR Lead / Quantiq Photonics" from @quantiq-photonics.com),
  // unless the From line bears it out as a person.
  const writer = parts.find((p) => p.kind === 'name');
  // "La Ruche Namuroise – un projet soutenu par …": beside the description of a body, the name-shaped part is that body.
  for (const part of parts) {
    const described = parts.some(
      (p) => p.line === part.line && p !== part && (DESCRIPTION.test(p.text) || (isKindDescription(p.text) && !isKindDescription(part.text))),
    );
    const nameShaped = part.kind === 'name' || (part.kind === 'other' && /^[\p{Lu}\d][\p{L}\d'’&.-]*(?:\s+[\p{Lu}\d][\p{L}\d'’&.-]*){0,3}$/u.test(part.text));
    if (nameShaped && part !== writer && described && !DESCRIPTION.test(part.text)) {
      part.kind = 'organisation';
      part.organisation = part.text;
    }
  }
  const ownDomain = sender && !isConsumerMailbox(sender.address) ? fold(sender.address.split('@')[1] ?? '').replace(/\.[a-z]+$/, '') : '';
  for (const part of parts) {
    if (part.kind === 'name' && writer && part.line > writer.line && ownDomain && spellsDomain(part.text, ownDomain) && !corroborated(part.text, sender)) {
      part.kind = 'organisation';
      part.organisation = part.text;
    }
  }
  // "Véronique Lambotte / Coordinatrice / Service de garde d'enfants malades à domicile – Verviers" from
  // @gardemalades-verviers.be: when no part names a body, a line whose words make the writer's own domain names the body
  // that owns it; its first part, capitalised and two words or more, is the body's name.
  const label =
    ownDomain
      .split('.')
      .pop()
      ?.replace(/[^a-z0-9]/g, '') ?? '';
  if (label && !parts.some((p) => p.kind === 'organisation')) {
    const line = parts.find((p) => p.line > (writer?.line ?? -1) && p.lineText && wordsSpellLabel(p.lineText, label));
    const first = line ? parts.find((p) => p.line === line.line) : undefined;
    if (
      first &&
      (first.kind === 'other' || first.kind === 'role') &&
      /^\p{Lu}/u.test(first.text) &&
      first.text.split(/\s+/).length >= 2 &&
      !first.text.split(/\s+/).some((w) => isRoleWord(w))
    ) {
      first.kind = 'organisation';
      first.organisation = first.text.replace(/[,;.]$/, '');
    }
  }
  // "Sarah Lee / Sarah Lee Voice – freelance voice-over": a later line that is the writer's name as they signed it, with
  // capitalised words added that From does not bear out, is their business, whatever the words ("Voice", "Klussen",
  // "Paysages"): had the words been a name of theirs, they would have signed with them.
  for (const part of parts) {
    if (part.kind === 'name' && writer && part.line > writer.line && writersNamePlus(part.text, writer.text, sender)) {
      part.kind = 'organisation';
      part.organisation = part.text;
    }
  }
  // "Treasurer / Auderghem Players" from "Auderghem Players Treasurer" <treasurer@…>: a name-shaped part that the From
  // display name gives with a role word beside it is the body whose post writes, not a person (a person's From name does
  // not carry their post).
  for (const part of parts) {
    if (part.kind === 'name' && isBodyWithPost(part.text, sender)) {
      part.kind = 'organisation';
      part.organisation = part.text;
    }
  }
  // "Als ontvanger van de Watering van de Moervaart …" over "Marc Van Hoorebeke / Ontvanger / Watering van de Moervaart":
  // a later name-shaped part the writer's own prose writes after a link and an article ("van de", "of the", "du") is the
  // body they hold a post in, not a second person signing: a person is not written so.
  const linked = (t: string) =>
    t.length >= 6 &&
    new RegExp(
      `(?:^|[^\\p{L}])(?:(?:van|voor|bij|of|for|at|with|de|pour|chez|à)\\s+(?:de|het|den|the|la|le|les|l['’])\\s*|(?:du|des|au|aux)\\s+)${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`,
      'iu',
    ).test(text);
  for (const part of parts) {
    if (part.kind === 'name' && writer && part !== writer && part.line > writer.line && linked(part.text)) {
      part.kind = 'organisation';
      part.organisation = part.text;
    }
  }
  // "Robert Smith | Treasurer | Ardennes Paddlers", "Jan Peeters / Voorzitter / De Vrolijke Trappers": under the writer's
  // name and a role, a name-shaped part that From does not bear out is the body the role is held in, when the block names
  // no other body and no role follows it (two people signing: "… / Voorzitter / Mieke Janssens / Secretaris").
  if (writer && !parts.some((p) => p.kind === 'organisation')) {
    const w = parts.indexOf(writer);
    const r = parts.findIndex((p, i) => i > w && p.kind === 'role');
    const b = r < 0 ? -1 : parts.findIndex((p, i) => i > r && p.kind === 'name');
    const body = b < 0 ? null : parts[b]!;
    if (body && !corroborated(body.text, sender) && !parts.some((p, i) => i > b && p.kind === 'role')) {
      body.kind = 'organisation';
      body.organisation = body.text;
    }
  }
  // "Ann Verstraete / Deskundige Burgerzaken / Gemeente Merelbeke-Melle": a letter's signature sets the name, the post, then
  // the body. A line alone between the writer's name and a line marked as a body, with no mark of a body of its own, is the
  // writer's post, whatever its words (a post the role list does not know reads as a name or an unmarked body) (loop 29).
  const signer = parts.findIndex((p) => p.kind === 'name');
  if (signer >= 0) {
    const post = parts[signer + 1];
    const body = parts[signer + 2];
    const alone = (p: BlockPart) => parts.filter((q) => q.line === p.line).length === 1;
    if (
      post &&
      body &&
      post.line === parts[signer]!.line + 1 &&
      body.line === post.line + 1 &&
      alone(post) &&
      alone(body) &&
      (post.kind === 'name' || post.kind === 'organisation') &&
      !hasBodyMarker(post.text) &&
      !post.text.split(/\s+/).some((t) => isLegalForm(t.replace(/[,.]$/, ''))) &&
      body.kind === 'organisation' &&
      hasBodyMarker(body.text) &&
      // (Not a body the firm is a member of: "Nina Haas / Haas & Dupont Accountants / Member of the Institute of Tax Advisors".)
      !isMembership(body.text, body.lineText ?? body.text) &&
      !corroborated(post.text, sender)
    ) {
      post.kind = 'role';
      delete post.organisation;
    }
  }
  // "Senior Hydraulic Engineer | Water & Infrastructure" above "Scheldt Engineering Consultants NV": beside a role on its
  // line, a part with no mark of a body is the role's area (a department, a field) when a later line names the body with
  // its legal form. Without such a line ("Treasurer | Ardennes Paddlers", "Trésorière – Les Jardins Partagés de Fives" over
  // "Association loi 1901") the part stays the body.
  parts.forEach((part, i) => {
    const prev = parts[i - 1];
    if (part.kind !== 'organisation' || prev?.kind !== 'role' || prev.line !== part.line || hasBodyMarker(part.text)) return;
    const named = parts.some(
      (p) =>
        p.line > part.line &&
        p.kind === 'organisation' &&
        p.text.split(/\s+/).some((t) => isLegalForm(t.replace(/[,.]$/, ''))) &&
        !isMembership(p.text, p.lineText ?? p.text),
    );
    if (!named) return;
    part.kind = 'role';
    part.area = true;
    delete part.organisation;
  });
  // "Hoof & Forge – Farrier Services" from hoofandforge@gmail.com: the part a provider's mailbox spells letter for letter
  // ("&" read as and/en/et) is the name the body writes under; a part of its line read as a body beside it says what the
  // body does. Never the writer's own name (a person's mailbox spells the person).
  const spelled = sender ? parts.find((p) => p !== writer && p.kind !== 'role' && mailboxSpells(p.text, sender.address)) : undefined;
  if (spelled && !isFullName(spelled.text)) {
    for (const p of parts)
      if (p !== spelled && p.line === spelled.line && p.kind === 'organisation') {
        p.kind = 'other';
        delete p.organisation;
      }
    spelled.kind = 'organisation';
    spelled.organisation = spelled.text.replace(/[,;.]$/, '');
  }
  const name = parts.find((p) => p.kind === 'name') ?? null;
  const role = parts.find((p) => p.kind === 'role') ?? null;
  const ruled =
    parts.find((p) => p.organisation && p.kind === 'organisation' && (!name || p.line >= name.line)) ??
    (role?.organisation ? role : null) ??
    parts.find((p) => p.organisation && p.kind === 'organisation') ??
    null;
  // "Hannah Leclercq / UX & Service Designer / Fieldnote Studio" from @fieldnotestudio.be, "Wim Verhaegen / Schilderwerken
  // Verhaegen" from @verhaegen-schilderwerken.be: when exactly one line under the writer's name names every part of the
  // writer's own (not a provider's) mail domain, that line says who owns the domain, whatever its words are, and it is
  // the body signing, unless the block already reads a body with a mark of one ("Sociaal Restaurant De Schakel" over "OCMW
  // Herentals" from @ocmw-herentals.be: the writer's unit of the domain's owner). A part read as a body with no such mark,
  // or one ending in a role word ("UX & Service Designer"), is the writer's post or trade.
  // (A register line, "RIZIV 6-51203-44-601", "n° 512.345", is no body's name at all.)
  const weak = (o: string) => !hasBodyMarker(o) || isRoleWord(o.trim().split(/\s+/).pop() ?? '') || isRegistrationNumber(o);
  const found_ = !ruled || weak(ruled.organisation!) ? domainOwnerPart(parts, writer, sender) : null;
  // (Already the block's reading: nothing to add.)
  const owner = found_ && found_.part !== ruled && !(found_.whole && found_.part.line === ruled?.line) ? found_.part : null;
  if (owner && found_) {
    if (found_.whole) owner.text = found_.whole;
    owner.organisation = owner.kind === 'role' && owner.organisation && !found_.whole ? owner.organisation : owner.text.replace(/[,;.]$/, '');
    owner.kind = 'organisation';
  }
  const first = owner ?? ruled;
  // "Pharmacie hospitalière – Centre Hospitalier Régional X": the body's own name beside a kind of body on one line.
  const named =
    first && isGenericKind(first.organisation!)
      ? parts.find(
          (p) =>
            p !== first &&
            p.line === first.line &&
            p.kind === 'organisation' &&
            p.organisation &&
            !isGenericKind(p.organisation) &&
            hasBodyMarker(p.organisation),
        )
      : undefined;
  const organisation = named ?? first;
  return { parts, name, role, organisation, closed: found.closed, domainOwner: owner ?? (found_ && found_.part === ruled ? found_.part : null) };
}

// Words after a name that are still the person's: "Jr", "Sr", "II".
const NAME_SUFFIX = /^(?:jr|jnr|sr|snr|junior|senior|sen|jun|ii|iii|iv|fils|pere)\.?$/;

/**
 * Whether a signature line is the writer's signed name (as From bears it out) followed by one to three capitalised words
 * that are not in the From name: "Sarah Lee Voice" under "Sarah Lee" from Sarah Lee. Not "Sarah Lee-Smith" (another
 * name), "Sarah Lee MSc" (letters after a name), nor "Sarah Lee Jr".
 */
export function writersNamePlus(line: string, signed: string, sender: Mailbox | null): boolean {
  if (!sender?.name || !corroborated(signed, sender)) return false;
  const words = line
    .trim()
    .replace(/[,;.]$/, '')
    .split(/\s+/);
  const own = signed.trim().split(/\s+/);
  if (words.length <= own.length || words.length > own.length + 3) return false;
  if (!own.every((w, i) => fold(w) === fold(words[i]!))) return false;
  const fromWords = new Set(fold(sender.name).split(/[^a-z'-]+/));
  const extra = words.slice(own.length);
  return extra.every((w) => /^\p{Lu}\p{Ll}[\p{L}'’&-]*$/u.test(w) && !fromWords.has(fold(w)) && !NAME_SUFFIX.test(fold(w)));
}

const SHARED_LOCAL =
  /^(?:info|contact|hello|hallo|bonjour|admin|administration|office|bureau|mail|post|team|equipe|board|bestuur|secretariat|secretariaat|secretariaat|direction|directie|accueil|onthaal|leiding|staff|club|asbl|vzw|general|algemeen|support|hr|finance|boekhouding|comptabilite)(?:[._-].*)?$/;

/** A mailbox shared by a body rather than one person's: "contact@", "info@", "secretariaat@". */
/**
 * Whether the From display name is this part with role words beside it ("Auderghem Players Treasurer", "Secretaris KSA
 * Tielt" over "KSA Tielt"): a body whose post writes, not a person (a person's From name does not carry their post).
 */
export function isBodyWithPost(text: string, sender: Mailbox | null): boolean {
  const display = sender?.name
    ? fold(sender.name)
        .replace(/[^a-z0-9]+/g, ' ')
        .trim()
    : '';
  const own = fold(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (!display || !own || own === display) return false;
  // The body by its initials ("BTCF Treasurer" over "Brussels Tamil Cultural Forum"): its capitalised words' first letters.
  const initials = fold(
    text
      .split(/\s+/)
      .filter((w) => /^\p{Lu}/u.test(w))
      .map((w) => w[0])
      .join(''),
  );
  const named = ` ${display} `.includes(` ${own} `) ? own : initials.length >= 3 && display.split(' ').includes(initials) ? initials : null;
  if (!named) return false;
  const rest = ` ${display} `.replace(` ${named} `, ' ').trim().split(/\s+/).filter(Boolean);
  return rest.length > 0 && rest.every((w) => isRoleWord(w) && !isTitleWord(w));
}

export function isSharedMailbox(address: string): boolean {
  return SHARED_LOCAL.test(fold(address.split('@')[0] ?? ''));
}

// Mailbox providers anyone can sign up to (webmail and Belgian, Dutch, French, British, German ISPs):
// a body writing from one has no domain of its own, so its display name is where it says who it is.
const CONSUMER_DOMAIN =
  /^(?:gmail|googlemail|hotmail|outlook|live|msn|windowslive|yahoo|ymail|icloud|me|mac|aol|gmx|mail|email|protonmail|proton|pm|tutanota|zoho|yandex|posteo|skynet|telenet|proximus|scarlet|voo|belgacom|base|orange|free|wanadoo|laposte|sfr|neuf|bbox|ziggo|kpnmail|kpnplanet|hetnet|planet|xs4all|home|chello|btinternet|btopenworld|sky|virginmedia|talktalk|t-online|freenet|web|arcor)\.(?:[a-z]{2,3}|co\.uk|com\.[a-z]{2})$/;

/** A mailbox at a provider anyone can sign up to (hotmail.be, gmail.com, telenet.be), not a body's own domain. */
export function isConsumerMailbox(address: string): boolean {
  return CONSUMER_DOMAIN.test(fold(address.split('@')[1] ?? ''));
}

/**
 * Whether a mail domain's label is made of words of a line, in their order, two or more of four letters or more
 * ("Service de garde d'enfants malades à domicile – Verviers" ↔ gardemalades-verviers): the line names the domain's owner.
 */
export function wordsSpellLabel(line: string, label: string): boolean {
  let at = 0;
  let used = 0;
  // Elided articles part from their word ("d’aide" → "aide").
  for (const word of fold(line)
    .split(/[\s'’]+/)
    .map((w) => w.replace(/[^a-z0-9]/g, ''))) {
    if (word.length >= 4 && label.startsWith(word, at)) {
      at += word.length;
      used++;
    }
  }
  return label.length >= 6 && at === label.length && used >= 2;
}

/**
 * The words of a text, folded, that name each part of a mail domain's label ("verhaegen-schilderwerken",
 * "wargraves-ypres", "handtaal-tolk"): every part is one word or consecutive words run together, in any order, the last
 * of them possibly cut short ("tolk" for "Tolkdiensten", at four letters or more). Parts of two letters or fewer are
 * ignored; the label must have six letters or more in all. A word may be cut short before the next one too ("ergo" of
 * "Ergotherapie" in "ergovandamme").
 */
export function wordsNameDomain(text: string, domain: string): boolean {
  const label =
    fold(domain)
      .replace(/\.[a-z]+$/, '')
      .split('.')
      .pop() ?? '';
  const pieces = label.split(/[-_]+/).filter((d) => d.length >= 3);
  if (pieces.join('').length < 6) return false;
  const words = fold(text)
    .split(/[\s'’,;:|/–—-]+/u)
    .map((w) => w.replace(/[^a-z0-9]/g, ''))
    .filter((w) => w.length > 0);
  return pieces.every((piece) =>
    words.some((_, i) => {
      let at = 0;
      for (let j = i; j < words.length && at < piece.length; j++) {
        const w = words[j]!;
        if (piece.startsWith(w, at)) at += w.length;
        else if (piece.length - at >= 4 && w.startsWith(piece.slice(at))) return true;
        else {
          // A word cut short before the rest ("ergo" of "Ergotherapie" in "ergovandamme", "kine" in "kine-dupont"): four
          // letters of it at least, the longest that goes on.
          let cut = Math.min(w.length - 1, piece.length - at - 1);
          while (cut >= 4 && !piece.startsWith(w.slice(0, cut), at)) cut--;
          if (cut < 4) return false;
          at += cut;
        }
      }
      return at === piece.length;
    }),
  );
}

/**
 * The part of the block that names the writer's own mail domain: the smallest part after the writer's name whose words
 * name every part of the domain (or that part's whole line, when the domain's parts are spread over it: "Commonwealth War
 * Graves Office, Ypres" ↔ wargraves-ypres), when exactly one line does. Not from a provider's mailbox, not a line of
 * contact details (the web address spells the domain by itself), not the writer's name (every word From's).
 */
function domainOwnerPart(parts: BlockPart[], writer: BlockPart | undefined, sender: Mailbox | null): { part: BlockPart; whole?: string } | null {
  if (!sender || !writer || isConsumerMailbox(sender.address)) return null;
  const domain = fold(sender.address.split('@')[1] ?? '');
  const fromWords = new Set(fold(`${sender.name ?? ''}`).split(/[^a-z]+/));
  const textual = (p: BlockPart) => ['name', 'role', 'organisation', 'other'].includes(p.kind);
  const lines = [...new Set(parts.filter((p) => p.line > writer.line).map((p) => p.line))].filter((l) => {
    const on = parts.filter((p) => p.line === l);
    return on.every(textual) && wordsNameDomain(on.map((p) => p.text).join(' '), domain);
  });
  if (lines.length !== 1) return null;
  const on = parts.filter((p) => p.line === lines[0]);
  const own = (t: string) =>
    fold(t)
      .split(/[^a-z]+/)
      .filter((w) => w.length > 0)
      .every((w) => fromWords.has(w));
  const part = on.find((p) => wordsNameDomain(p.text, domain));
  if (part) return own(part.text) || (part.kind === 'role' && !part.organisation) ? null : { part };
  // Spread over the line: the whole line, when no part of it is read as a body already.
  if (on.some((p) => p.kind === 'organisation')) return null;
  // A single place after a comma is where the body is ("Commonwealth War Graves Office, Ypres"), as after a dash.
  const whole = (on[0]!.lineText ?? on.map((p) => p.text).join(', '))
    .trim()
    .replace(/^[–—-]\s*/u, '')
    .replace(/^(\S+(?:\s+\S+)+?),\s*\p{Lu}\p{Ll}+$/u, '$1');
  return own(whole) ? null : { part: on[0]!, whole };
}

/** Whether a provider's mailbox ("hoofandforge@gmail.com") is a value's letters run together, "&" as and/en/et or left out. */
export function mailboxSpells(value: string, address: string): boolean {
  if (!isConsumerMailbox(address)) return false;
  const local = fold(address.split('@')[0] ?? '').replace(/[^a-z0-9]/g, '');
  return ['', 'and', 'en', 'et', 'n'].some((amp) => {
    const v = fold(value.replace(/&/g, ` ${amp} `)).replace(/[^a-z0-9]/g, '');
    return v.length >= 6 && v === local;
  });
}

/** Whether the words of a value, run together, are the sender's mail domain ("Helping Hands Leuven" ↔ helpinghands-leuven). */
export function spellsDomain(value: string, domain: string): boolean {
  const squash = (s: string) => fold(s).replace(/[^a-z0-9]/g, '');
  const v = squash(value);
  const d = squash(domain.split('.').slice(-1)[0] ?? domain);
  return v.length >= 4 && d.length >= 4 && (v === d || (v.length >= 6 && d.includes(v)) || (d.length >= 6 && v.includes(d)));
}

// A signature in an image's alternative text, as mail clients write it ("[image: Sophie Vandamme | Coordinatrice …]").
const IMAGE_ALT = /^\[(?:image|afbeelding|logo|cid:[^\]]*?)\s*:?\s*/i;

/**
 * The writer who signs with their given name after the closing ("Groeten,\nKoen") and writes their full signature below
 * it ("Koen Vermeulen\nZaakvoerder", "[image: Sophie Vandamme | Coordinatrice des stages | …]"): the line below that opens
 * with a full name beginning with the given name signed is the writer's full name. A full name of someone else (another
 * given name), or none within a few lines, gives nothing.
 */
export function givenNameThenFullName(text: string): { value: string; snippet: string } | null {
  const lines = text.split('\n').map((l) => l.trim());
  for (let i = 1; i < lines.length; i++) {
    if (!isClosingLine(lines[i - 1]!)) continue;
    const given = /^(\p{Lu}\p{Ll}[\p{Ll}'’-]+)[.!]?$/u.exec(lines[i]!)?.[1];
    if (!given) continue;
    for (const line of lines.slice(i + 1, i + 6)) {
      const head = line
        .replace(IMAGE_ALT, '')
        .split(/\s*[|–—•▪·]\s*|\s+-\s+|\s*,\s*/)[0]!
        .trim();
      if (head.startsWith(`${given} `) && isFullName(head)) return { value: head, snippet: line };
    }
  }
  return null;
}
