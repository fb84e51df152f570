// A generic candidate source for the organisation: instead of one more fixed phrase per way of saying
// "I work at X" ("je bosse chez", "ik zetel in", "praeses van", "I'm with"), every sentence proposes
// the name spans that stand where a body stands — after a preposition of belonging (chez, bij, at,
// with, for, van, of…), in quotes after a kind of body ("l'optique « Le Bon Oeil »"), or marked as a
// body by their own words (a legal form, an organisation-type word, initials before a place: "KSA
// Ninove") — and the fitted scorer weighs them against the other sources with its features
// (`src_prose_span`, `after_affiliation`). Writing a phrase is no longer needed for a new verb.

import { isDeviceEvent } from '../recovery-vocabulary.ts';
import { fold } from '../text-tools.ts';
import { isFullName } from './names.ts';
import { grabOrganisation, isBodyWord, isLegalForm, isOrgWord, isOwnCompanyName } from './organisations.ts';
import { isRoleWord } from './roles.ts';

export interface SpanFound {
  value: string;
  snippet: string;
  /** Whether a preposition of belonging stands right before it ("chez", "bij", "at", "van"…). */
  affiliation: boolean;
  /** Read right after its kind of body ("du salon Coiff'Elle", "le magasin Yilmaz Market"): a body by what the text says. */
  afterKind?: boolean;
}

// Prepositions of belonging, with an optional article: "chez", "bij de", "at the", "with", "for the",
// "pour l'", "au sein de", "van de", "of the", "namens", "voor".
const AFFILIATION =
  /(?:^|[\s(,])(?:chez|bij|at|with|for|pour|voor|namens|within|au sein (?:de|du|des|d['’])|van|of|auprès (?:de|du|des|d['’]))\s+(?:(?:the|de|het|den|der|l['’]|la|le|les|du|des|onze|our|notre|nos)\s*)?(?=[«"“\p{Lu}\d])/gu;
// The writer as subject, one verb (and an adverb), a definite article: "I chair the", "ik tel voor de", "je gère la".
const OWN_VERB_OBJECT =
  /(?:^|[\s(,])(?:[Ii]|[Ii]k|[Jj]e|[Jj]['’]|[Nn]ous|[Ww]e|[Ww]ij)\s+(?:\p{Ll}+\s+)?\p{Ll}{3,}\s+(?:voor\s+|pour\s+|for\s+)?(?:the|de|het|la|le|les|l['’])\s*(?=\p{Lu})/gu;
// Words that may follow a body's name in a clause without being a noun it qualifies.
const LINK_WORD =
  /^(?:and|or|but|so|on|in|at|to|for|since|with|from|which|who|that|as|en|of|op|te|bij|voor|van|met|sinds|die|dat|als|et|ou|à|au|aux|dans|pour|depuis|avec|de|du|des|qui|que|où|comme|is|was|est|sur)$/u;
// Lower-case words inside a capitalised name: "Ferme de la Croix-Rouge", "Friends of the Earth".
const CONNECTOR = /^(?:de|du|des|la|le|les|l['’]|van|der|den|het|of|the|and|en|et|&|d['’])$/iu;
// A place in a body: "in de OCMW-raad van Zele", "à l'ASBL X", "au Cercle Y", "dans le Club Z": only
// when the span is marked as a body (places are written the same way: "in Leuven", "à Liège").
const PLACED = /(?:^|[\s(,])(?:in|à|a|au|aux|dans|op|aan|inside)\s+(?:(?:de|het|the|l['’]|la|le|les)\s*)?(?=[\p{L}\d])/gu;
// A quoted name after a kind of body: "l'optique "Le Bon Oeil"", "de vzw « De Brug »", "the club 'Ace'".
const QUOTED = /([\p{L}-]+)\s+[«"“„']\s?([\p{Lu}\d][^"”»«“']{1,50}?)\s?[»"”']/gu;

// A kind-of-body word and the capitalised name right after it, with an article of its own or none ("salon Coiff'Elle",
// "le Snack Le Palmier", "Frituur 't Pleintje", "biljartclub De Keu").
const KIND_THEN_NAME = /(?<![\p{L}'’-])([\p{L}]{3,})\s+(?=((?:(?:le|la|les|l['’]|het|['’]t|the)\s*)?[\p{Lu}][\p{L}'’-]*))/gu;

// A kind of body as the subject of "is" or "is called", then a name: "the practice is Cabinet dentaire X", "notre club
// s'appelle Les Aigles", "onze vereniging heet De Zonnebloem", "my shop is called Crumbs". The sentence says the name is
// the body's, whatever its words.
const KIND_IS_NAME =
  /(?:^|[\s,;(])(?:the|my|our|mon|ma|notre|mijn|onze|ons|het|de|la|le|l['’])\s*(\p{L}{3,})\s+(?:is called|is named|is|s['’]appelle|se nomme|est|heet|noemt|is genaamd)\s+(?:called\s+)?(?=(?:(?:the|le|la|les|l['’]|het|de|'t)\s*)?[«"“\p{Lu}\d])/giu;

// A verb of running a business, its subject a person ("I", "who", "il", "die"), then the name before the common noun it
// qualifies: "who runs the Molenhoeve dairy farm in Diksmuide", "il tient la Brasserie du Coin", "ik baat de Hoeve Ter Linde
// uit". What a person runs, named, is a body, whatever the noun after the name.
const RUNS_THE =
  /(?:^|[\s,(])(?:i|we|he|she|who|they|je|il|elle|qui|nous|ik|hij|zij|ze|die|wij)\s+(?:\p{Ll}+\s+)?(?:run|runs|manage|manages|dirige|dirigent|g[èe]re|g[èe]rent|tient|tiennent|beheer|beheert|baat|baten)\s+(?:the|de|het|la|le|les|l['’])\s*(?=\p{Lu})/gu;
// The common noun the name qualifies, closing the phrase: one or two lower-case words, then punctuation, a place or the end.
const NOUN_AFTER_NAME = /^\s+(?:\p{Ll}[\p{Ll}-]*\s+)?\p{Ll}[\p{Ll}-]{2,}(?=\s*(?:[.,;:!?)]|$|\s(?:in|at|near|à|a|en|et|and|uit|te|bij)\s))/u;

// A preposition of place, with its article, right before a kind of body: where the writer went, not where they belong.
const VISITED = /(?:^|\s)(?:à|a|au|aux|dans|en|at|in|into|to|inside|near|op|naar|bij|chez)\s+(?:(?:the|a|an|de|het|een|le|la|les|l['’]|un|une)\s*)?$/iu;

// Common adjectives before a kind of body say which one, never its name ("the local Tennis Club", "du petit Club de
// Judo", "van de plaatselijke Voetbalclub"): a lower-case head made of them is no part of a name.
const LOWER_LED_ADJECTIVE =
  /^(?:new|old|other|same|local|little|small|big|great|whole|main|nearby|our|my|nouveau|nouvel|nouvelle|ancien|ancienne|autre|meme|local|locale|petit|petite|grand|grande|vieux|vieil|vieille|notre|mon|ma|nieuwe|nieuw|oude|oud|andere|zelfde|plaatselijke|plaatselijk|lokale|lokaal|kleine|klein|grote|groot|onze|mijn)$/;

// A preposition of belonging and its article, then one or two lower-case words before a capitalised span.
const LOWER_LED =
  /(?:^|\s)(?:from|of|at|with|for|van|bij|de|du|chez)\s+(?:(?:the|de|het|le|la|l['’])\s*)?((?:\p{Ll}[\p{Ll}-]+\s+){0,1}\p{Ll}[\p{Ll}-]+)\s+(?=\p{Lu})/gu;

// The writer placing themself: "I'm with", "I work", "je bosse", "ik werk", "we zijn", "je suis bénévole".
const SELF_PLACING =
  /\b(?:i'?m|i am|i work|i volunteer|i help out|we are|we're|we work|je suis|je travaille|je bosse|je fais partie|nous sommes|on est|ik ben|ik werk|ik zit|ik help|wij zijn|we zijn|we werken)\b[^.,;]*$/;

function plausible(value: string | null, companyNames: readonly string[], kindSaid: boolean): value is string {
  if (!value) return false;
  const tokens = value.split(/\s+/);
  if (tokens.length > 10 || isOwnCompanyName(value, companyNames)) return false;
  // A person ("bij Jan Peeters") is no body, unless a body word (or the kind written before it) says otherwise.
  if (!kindSaid && isFullName(value) && !tokens.some((t) => isBodyWord(t))) return false;
  if (tokens.every((t) => isRoleWord(t))) return false;
  return true;
}

function marked(value: string): boolean {
  const tokens = value.split(/\s+/);
  if (tokens.some((t) => isLegalForm(t.replace(/[,.]$/, '')) || isOrgWord(t))) return true;
  // Initials count before a capitalised word ("KSA Ninove", "OCMW Zele"), not alone ("GSM", "SMS").
  return tokens.length >= 2 && isBodyWord(tokens[0]!) && /^\p{Lu}/u.test(tokens[1]!);
}

// Words that may close a clause after a body's name without being a noun it qualifies ("for the Red Cross now").
const CLAUSE_CLOSERS =
  /^(?:now|too|also|again|here|there|today|anymore|already|still|yet|either|locally|myself|ourselves|nu|ook|nog|al|hier|daar|vandaag|aussi|encore|maintenant|ici|aujourd'hui|depuis)$/;

/**
 * Capitalised words after an article that qualify the common noun closing the clause ("for the New Year walk.", "at the
 * Easter fair,", "voor de Winterfeesten markt."): the noun is what is named, and no body is ("for the Genval Sailing Club"
 * is, by its type word; "for the Red Cross now" keeps its name). Only with an article and unmarked words.
 */
function qualifiesNoun(lead: string, value: string, after: string): boolean {
  if (!/\b(?:the|de|het)\s*$/iu.test(lead) || marked(value) || !after.startsWith(value)) return false;
  const next = /^\s+(\p{Ll}[\p{Ll}'’-]+)\s*([.,;:!?)]|$)/u.exec(after.slice(value.length));
  return next !== null && !CLAUSE_CLOSERS.test(fold(next[1]!)) && !isOrgWord(next[1]!) && !isRoleWord(next[1]!);
}

// A verb of saying right after a body: "Le magasin de Bertrix dit qu'il n'y a plus rien à faire", "the Apple Store told me
// …", "de winkel zegt dat …". A body that tells the writer something is someone they went to, not the one they write for.
const SAYS =
  /^\s*(?:(?:m['’]a|nous a|lui a|m['’]avait|a|heeft (?:me|mij|ons)?|has|had)\s+)?(?:dit|disait|affirme|explique|pr[ée]tend|says|said|told|tells|claims|zegt|zei|zeggen|beweert|stelt)\b/iu;

function speaksToWriter(value: string, sentence: string): boolean {
  const at = sentence.indexOf(value);
  return at >= 0 && SAYS.test(sentence.slice(at + value.length));
}

// A body's kind, then its own name in quotes: the quotes mark the name as a name, whatever its words ('vzw "Jasmijnhuis"',
// "Société royale de pêche « Le Gardon » de Hastière", 'Lithuanian folk dance group "Rūta"', 'the catering company
// "Damascus Rose" SRL'). Read by the grammar of the phrase, not by the statement before it: the kind runs back from the
// quote to an article, a preposition or a clause's edge; a kind that opens with a capital (or a legal form) is part of the
// registered name and stays with it, with a legal form after the quote ("Genk vzw"); a kind in
// lower case ("the catering company") is the writer's description, and the name is the quoted words and their legal form.
const QUOTE_SPAN = /([«"“„])\s?([\p{Lu}\d][^"”»«“„]{0,48}?)\s?([»"”“])/gu;
const KIND_EDGE =
  /^(?:la|le|les|l['’]|the|het|de|een|a|an|un|une|from|at|with|chez|bij|pour|for|namens|au|aux|à|in|dans|of|van|voor|du|des|d['’]|my|our|mon|ma|notre|mijn|onze|ons|is|est|am|ben|was|called|named|genaamd|appelée?|nommée?)$/iu;
const CLOSED_PAIR: Record<string, string> = { '«': '»', '"': '"', '“': '”', '„': '“' };

export function quotedBodies(sentence: string): { value: string; described: boolean }[] {
  const out: { value: string; described: boolean }[] = [];
  for (const m of sentence.matchAll(QUOTE_SPAN)) {
    if (CLOSED_PAIR[m[1]!] !== m[3] && !(m[1] === '“' && m[3] === '“') && !(m[1] === '"' && m[3] === '”')) continue;
    const before = sentence.slice(0, m.index).replace(/\s+$/, '');
    const words = before.split(/\s+/).filter(Boolean);
    const kind: string[] = [];
    for (let i = words.length - 1; i >= 0 && kind.length < 6; i--) {
      const w = words[i]!;
      if (/[,;:.!?()]$/.test(w)) break;
      // "de la Société …": an article (or an elided one) closes the kind; "Société royale de pêche" keeps its inner "de".
      const elided = /^[ldLD]['’](\p{L}.*)$/u.exec(w);
      if (elided) {
        kind.unshift(elided[1]!);
        break;
      }
      // A post is the writer's, not the body's kind ("voorzitter van vzw …").
      if (isRoleWord(w)) break;
      // "de" inside a kind ("Société royale de pêche", "École de devoirs"): a lower-case complement after it, a word of
      // the kind before it.
      const inner =
        kind.length > 0 &&
        /^\p{Ll}/u.test(kind[0]!) &&
        /^(?:de|du|des|van|of|voor)$/iu.test(w) &&
        words[i - 1] !== undefined &&
        !KIND_EDGE.test(words[i - 1]!) &&
        !isRoleWord(words[i - 1]!) &&
        !/[,;:.!?()]$/.test(words[i - 1]!);
      if (KIND_EDGE.test(w) && !inner) break;
      kind.unshift(w);
    }
    // The kind's head: a kind of body or a legal form among its words; a person's words ("my friend") are none.
    while (kind.length > 0 && /^(?:de|du|des|van|of|voor)$/iu.test(kind[0]!)) kind.shift();
    if (kind.length === 0 || !kind.some((w) => isOrgWord(w) || isLegalForm(w))) continue;
    const name = m[2]!.trim();
    const rest = sentence.slice(m.index + m[0].length);
    const legal = /^\s+(\p{L}{2,6}\.?)(?=$|[\s,;.!?)])/u.exec(rest);
    const legalForm = legal && isLegalForm(legal[1]!.replace(/\.$/, '')) ? legal[1]! : null;
    const capitalKind = /^\p{Lu}/u.test(kind[0]!) || isLegalForm(kind[0]!);
    if (!capitalKind) {
      out.push({ value: legalForm ? `${name} ${legalForm}` : name, described: true });
      continue;
    }
    // A place then the legal form closing the registered name ("Genk vzw"), or a year ("1987"), are the name's; a place
    // alone after the quote ("de Braine") is where the body is, as the phrase reader has it.
    const placeLegal = /^\s+(\p{Lu}[\p{L}'’-]+)\s+(\p{L}{2,6})(?=$|[\s,;.!?)])/u.exec(rest);
    const year = /^\s+(\d{2,4})(?=$|[\s,;.!?)])/u.exec(rest);
    // The quotes go, as the phrase reader drops them ("Société des Gilles Les Récalcitrants"): the name is read, not typeset.
    const quoted = `${kind.join(' ')} ${name}`;
    const value = legalForm
      ? `${quoted} ${legalForm}`
      : placeLegal && isLegalForm(placeLegal[2]!)
        ? `${quoted} ${placeLegal[1]} ${placeLegal[2]}`
        : year
          ? `${quoted} ${year[1]}`
          : quoted;
    out.push({ value, described: false });
  }
  return out;
}

/**
 * A statement's reading of a body whose name the writer put in quotes, read again by the grammar of the quote
 * (`quotedBodies`): "Polish Cultural Association Polonia" is 'Polish Cultural Association Polonia Genk vzw'. Only when the value holds the quoted name; otherwise the value as read.
 */
export function asQuotedBody(value: string, snippet: string): string {
  if (!/[«"“„]/u.test(snippet)) return value;
  const squash = (t: string) =>
    fold(t)
      .replace(/[^\p{L}\p{N}&]+/gu, ' ')
      .trim();
  const v = ` ${squash(value)} `;
  const sentence = snippet.replace(/\s+/g, ' ');
  // Only a capitalised kind's reading: a kind in lower case stays as the statement read it ("chorale paroissiale X").
  const readings = quotedBodies(sentence)
    .filter((r) => !r.described)
    .map((r) => r.value);
  const names = [...sentence.matchAll(QUOTE_SPAN)].map((m) => m[2]!.trim());
  for (const reading of readings) {
    const quoted = names.find((n) => ` ${squash(reading)} `.includes(` ${squash(n)} `));
    if (quoted && v.includes(` ${squash(quoted)} `)) return reading;
  }
  return value;
}

/** Every name span of the sentences that stands where a body stands. */
export function proseSpanCandidates(sentences: string[], companyNames: readonly string[]): SpanFound[] {
  const out: SpanFound[] = [];
  const push = (value: string | null, snippet: string, affiliation: boolean, kindSaid = false, afterKind = false) => {
    if (!plausible(value, companyNames, kindSaid)) return;
    if (speaksToWriter(value, snippet)) return;
    const same = out.find((o) => o.value === value && o.snippet === snippet);
    if (!same) out.push({ value, snippet, affiliation, ...(afterKind ? { afterKind } : {}) });
    else if (afterKind) same.afterKind = true;
  };
  for (const raw of sentences) {
    const sentence = raw.replace(/\s+/g, ' ').trim();
    if (!sentence || sentence.length > 400) continue;
    // The sentence telling what happened names where it happened ("fell into the pool at the Hotel Miramar",
    // "tijdens de training van KV Mechelen"): a preposition there leads to a place of the event, not the writer's body.
    // Unless the writer places themself right before it ("I'm with X, and I lost my phone").
    const event = isDeviceEvent(fold(sentence));
    const placesWriter = (at: number) => SELF_PLACING.test(fold(sentence.slice(Math.max(0, at - 40), at)));
    for (const m of sentence.matchAll(AFFILIATION)) {
      if (event && !placesWriter(m.index)) continue;
      const after = sentence.slice(m.index + m[0].length);
      const value = grabOrganisation(after);
      if (value && qualifiesNoun(m[0], value, after)) continue;
      push(value, sentence, true);
    }
    // The writer's own verb, then an article and a capitalised span of two words or more: "I chair the X", "ik leid de X",
    // "je gère la X", "I handle the X's bookings": what the writer does something to, named, is their body, whatever the verb
    // (a person is not written after an article, whatever their name looks like).
    for (const m of event ? [] : sentence.matchAll(OWN_VERB_OBJECT)) {
      const after = sentence.slice(m.index + m[0].length);
      const grabbed = grabOrganisation(after);
      const value = grabbed?.replace(/['’]s?$/u, '') ?? null;
      // (Not capitalised words qualifying the noun the verb is about, "I coordinate the First Communion programme at …": a
      // lower-case word after the span that is no link word; a possessive's noun is the body's, "the X's bookings".)
      const next = value && grabbed === value ? /^\s+(\p{Ll}[\p{Ll}'’-]*)/u.exec(after.slice(value.length))?.[1] : undefined;
      if (
        !value ||
        (next && !LINK_WORD.test(next)) ||
        value.split(/\s+/).length < 2 ||
        !value.split(/\s+/).every((t) => /^[\p{Lu}\d]/u.test(t) || CONNECTOR.test(t))
      )
        continue;
      push(value, sentence, true, true);
    }
    for (const m of event ? [] : sentence.matchAll(PLACED)) {
      const value = grabOrganisation(sentence.slice(m.index + m[0].length));
      if (value && marked(value)) push(value, sentence, true);
    }
    for (const { value } of quotedBodies(sentence)) push(value, sentence, false, true, true);
    for (const m of sentence.matchAll(QUOTED)) {
      // The kind may be a phrase, its head a few words before the quote: 'le groupe d'entraide "Aidants proches"', 'the
      // book club at school "Page Turners"' (a head noun and its complement).
      const kindPhrase = `${sentence.slice(Math.max(0, m.index - 30), m.index)} ${m[1]!}`
        .split(/[\s'’]+/)
        .filter(Boolean)
        .slice(-3);
      if (!kindPhrase.some((w) => isOrgWord(w) || isLegalForm(w))) continue;
      push(m[2]!.trim(), sentence, false, true);
    }
    // A name dictated or typed with its first words in lower case, closed by a capitalised kind of body: "this is Mark
    // from the tervuren ultimate Frisbee Club", "van de sint-jan Voetbalclub", "du petit Club de Judo".
    for (const m of sentence.matchAll(LOWER_LED)) {
      if (isDeviceEvent(fold(sentence.slice(Math.max(0, m.index - 50), m.index + 1)))) continue;
      const head = m[1]!;
      const rest = grabOrganisation(sentence.slice(m.index + m[0].length));
      if (!rest || !rest.split(/\s+/).some((t) => isOrgWord(t) && /^\p{Lu}/u.test(t))) continue;
      if (head.split(/\s+/).some((w) => isRoleWord(w) || isOrgWord(w) || LOWER_LED_ADJECTIVE.test(fold(w)))) continue;
      push(`${head} ${rest}`, sentence, true);
    }
    // A kind of body followed by its name, wherever it stands: "j'ai le magasin Yilmaz Market", "qui a le Snack Le Palmier",
    // "les rendez-vous du salon Coiff'Elle", "hij heeft Frituur 't Pleintje", "I run the bakery Crumbs". A kind written
    // in lower case is the writer's description ("le magasin"), one in capitals is part of the name ("Snack Le Palmier").
    // Not where the event happened ("tombé dans la piscine de l'Hôtel Miramar"): the few words before must tell no event.
    for (const m of sentence.matchAll(KIND_THEN_NAME)) {
      const kind = m[1]!;
      if (!isOrgWord(kind) || isLegalForm(kind)) continue;
      const at = m.index + m[0].length;
      if (isDeviceEvent(fold(sentence.slice(Math.max(0, m.index - 50), m.index)))) continue;
      // A place visited, not a body the writer belongs to: "au magasin Media Markt", "at the restaurant La Bonne Table", "in
      // de winkel Van Den Borre" (a preposition of place before the kind; "du salon", "van biljartclub", "j'ai le magasin" stay).
      if (VISITED.test(sentence.slice(Math.max(0, m.index - 20), m.index))) continue;
      // Inside a longer name ("het Cultureel Centrum De Schakel", "la 3e Unité Guides"): the name starts before the kind.
      if (/(?:^|\s)[\p{Lu}\d][\p{L}\d'’-]*\s+$/u.test(sentence.slice(Math.max(0, m.index - 40), m.index))) continue;
      const capitalKind = /^\p{Lu}/u.test(kind);
      const value = grabOrganisation(capitalKind ? `${kind} ${sentence.slice(at)}` : sentence.slice(at));
      if (!value || (!capitalKind && value.split(/\s+/).every((t) => isOrgWord(t) || /^(?:de|het|'t|le|la|les|the|l')$/i.test(t)))) continue;
      push(value, sentence, true, true, true);
    }
    for (const m of event ? [] : sentence.matchAll(RUNS_THE)) {
      const after = sentence.slice(m.index + m[0].length);
      // The capitalised name, its connectors inside it ("Hoeve van de Kapel"), up to the lower-case noun.
      const value = /^[\p{Lu}\d][\p{L}\d'’&-]*(?:\s+(?:[\p{Lu}\d][\p{L}\d'’&-]*|(?:de|du|des|la|le|van|der|den|of|the)(?=\s+[\p{Lu}\d])))*/u.exec(after)?.[0];
      if (!value) continue;
      const rest = after.slice(value.length);
      // A name closing its own phrase is read by the rules above; here the noun after it must close the phrase.
      if (!NOUN_AFTER_NAME.test(rest)) continue;
      push(value, sentence, true, true);
    }
    for (const m of sentence.matchAll(KIND_IS_NAME)) {
      if (!isOrgWord(m[1]!) || isLegalForm(m[1]!) || !/^\p{Ll}/u.test(m[1]!)) continue;
      const value = grabOrganisation(sentence.slice(m.index + m[0].length).replace(/^[«"“]\s*/u, ''));
      if (value) push(value, sentence, true, true, true);
    }
    // A span marked as a body anywhere in the sentence, between commas or dashes: "Tom Maes, KSA Ninove, gsm kapot".
    for (const part of sentence.split(/\s*[,;–—|]\s*|\s+-\s+/)) {
      const value = grabOrganisation(part);
      if (value && marked(value) && part.trim().startsWith(value)) push(value, sentence, false);
    }
  }
  return out;
}
