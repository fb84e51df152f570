// The writer's own name, as their From line has it, written out in their text ("Sorry, here you go: Peter Lindqvist,
// Waterloo International Chess Club."), and the body they put beside it. Where the name stands does not matter — a reply
// to our request for details, a greeting, a one-paragraph mail — only that From and the mailbox bear the person out.

import type { Mailbox } from '../message.ts';
import { fold } from '../text-tools.ts';
import { BODY_LINK, CLOSING_WORDS, type Found } from './introductions.ts';
import { isFullName, PARTICLES, withoutHonorific } from './names.ts';
import { grabOrganisation, hasBodyMarker } from './organisations.ts';
import { grabCaseBlindOrganisation } from './prose.ts';
import { isRoleWord } from './roles.ts';

// Words before a name that make it someone other than the writer: "for Peter Lindqvist", "namens …", "l'account de …".
// ("groetjes van Jan Peeters", "greetings from …" are the writer signing.)
const NOT_THE_WRITER =
  /(?:\b(?:for|pour|voor|namens|to|aan|on behalf of|au nom de|de la part de|c\/o|via)|\b(?:account|compte|profiel|profil|profile|adresse|address|mailbox|gsm|phone|t[ée]l[ée]phone|telefoon)\s+(?:van|of|de|du|d['’])|\bd['’]|\bl['’])\s*$/iu;
// Where a name stands beside a body in apposition: "Peter Lindqvist, Waterloo International Chess Club", "… – Cabinet X".
const APPOSITION_MARK = /^\s*(?:,|[–—]|\s-|\(|\|)\s*/u;
// What may follow a body's name and still close the clause: a place ("à Waterloo", "in Gent"), then punctuation or the end.
const CLOSES_AFTER_BODY = /^\s*(?:(?:[àa]|in|at|te|uit|from|near|bij|pr[èe]s de)\s+\p{Lu}[\p{L}'’-]*(?:[\s-]+\p{Lu}[\p{L}'’-]*){0,2}\s*)?(?:[.,;:!?)|]|$)/u;
// The same for a writer who spells their own name in lower case: the place in lower case too, or in parentheses.
const CLOSES_AFTER_LOWER_BODY = /^\s*(?:(?:[àa]|in|at|te|uit|from|near|bij)\s+[\p{L}'’-]+\s*|\([\p{L}'’ -]{2,40}\)\s*)?(?:[.,;:!?)|]|$)/u;

/**
 * A person's name spelt by the mailbox when From gives none ("kev.obrien@…", "anne-sophie_renard@…"): two or three parts
 * of letters only, none a role, a body or a shared mailbox's word. Only ever matched against the text, never taken alone.
 */
function mailboxNameWords(address: string): string[] | null {
  // A year or a number after a part ("an.peeters88", "tom.maes1975") is no part of the name.
  const parts = fold(address.split('@')[0] ?? '')
    .split(/[._]/)
    .map((p) => p.replace(/\d+$/, ''))
    .filter(Boolean);
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => /^[a-z][a-z'-]+$/.test(p))) return null;
  if (parts.some((p) => isRoleWord(p) || hasBodyMarker(p) || SHARED_WORDS.has(p))) return null;
  return parts;
}

const SHARED_WORDS = new Set([
  'info',
  'contact',
  'admin',
  'office',
  'secretariaat',
  'secretariat',
  'support',
  'mail',
  'hello',
  'bonjour',
  'no',
  'reply',
  'noreply',
  'team',
  'board',
  'bestuur',
]);

/** The writer's name as their From line has it ("Peter Lindqvist <p.lindqvist@…>"), as folded words; null when it is no person's full name. */
function senderNameWords(sender: Mailbox | null): string[] | null {
  if (!sender) return null;
  const display = sender.name?.replace(/["()]/g, ' ').replace(/\s+/g, ' ').trim() ?? '';
  const plain = withoutHonorific(display);
  // "Lindqvist, Peter" as directories write it: the same person, surname first.
  const ordered = plain.includes(',')
    ? plain
        .split(/\s*,\s*/)
        .reverse()
        .join(' ')
    : plain;
  // A writer who types in lower case types their From name so too ("tom fletcher"): the same words capitalised must make
  // a person's full name (and the mailbox bear it out, below).
  const asName = ordered === ordered.toLowerCase() ? ordered.replace(/(^|[\s'’-])(\p{Ll})/gu, (_, b: string, c: string) => b + c.toUpperCase()) : ordered;
  // "tom h <tomh.mtb@…>": a given name and the surname's initial; the text writes the surname whole ("tom hargreaves").
  // The initial stands for any surname it opens (marked "h*"), the mailbox bearing the given name out.
  const initialled = /^(\p{L}[\p{L}'’-]+)\s+(\p{L})\.?$/u.exec(plain);
  if (initialled) {
    const given = fold(initialled[1]!);
    const local = fold(sender.address.split('@')[0] ?? '').replace(/[^a-z]/g, '');
    return given.length >= 3 && local.includes(given) && !isRoleWord(given) && !hasBodyMarker(initialled[1]!) ? [given, `${fold(initialled[2]!)}*`] : null;
  }
  if (!display || /[@|]/.test(display) || !isFullName(asName)) return mailboxNameWords(sender.address);
  if (hasBodyMarker(ordered)) return null;
  const words = fold(ordered)
    .split(/[^a-z'-]+/)
    .filter(Boolean);
  // A body signs with its name in From too ("Helping Hands Leuven <contact@…>"): the mailbox must bear the person out,
  // one of the name's words in its local part ("p.lindqvist", "marie.leroy", "jdupont").
  const local = fold(sender.address.split('@')[0] ?? '').replace(/[^a-z]/g, '');
  if (!words.some((w) => w.replace(/[^a-z]/g, '').length >= 3 && local.includes(w.replace(/[^a-z]/g, '')))) return null;
  return words.length >= 2 && words.length <= 4 ? words : null;
}

/**
 * A mailbox named after a body and shared ("femma.zonhoven@…", no person in From): the writer who signs with a first
 * name of their own ("Alvast bedankt, Els") is not the person the mailbox spells, and the words it spells, written in
 * the text ("onze ledenlijst van Femma Zonhoven"), are no name of theirs. Only when From gives no full name of a person.
 */
function signsAsSomeoneElse(sentences: string[], words: string[], sender: Mailbox | null): boolean {
  const display = sender?.name?.replace(/["()]/g, ' ').replace(/\s+/g, ' ').trim() ?? '';
  if (display && !/[@|._]/.test(display) && isFullName(withoutHonorific(display))) return false;
  const lines = sentences
    .slice(-3)
    .flatMap((s) => s.trim().split(/\n/))
    .map((l) => l.trim());
  const other = (line: string) =>
    /^\p{Lu}\p{Ll}+$/u.test(line) && !isRoleWord(line) && !hasBodyMarker(line) && !words.some((w) => fold(line).startsWith(w) || w.startsWith(fold(line)));
  // The last line, or the line right after the closing ("Groetjes,\nHilde\nThuisverpleging Zorgzaam – Roeselare").
  return other(lines.at(-1) ?? '') || lines.some((l, i) => i > 0 && /,$/.test(lines[i - 1]!) && i >= lines.length - 2 && other(l));
}

/**
 * The From name written in the text after a definite article ("pour le compte de la Jeunesse de Hamois", "voor de
 * Thuisverpleging Zorgzaam", "for the Harbour Singers"), or as the name of a group that signs ("het comité Kermis
 * Oostakker", in English after it: "Leuven Book Fair committee"): no person's name takes one, so From names a body, not the writer.
 */
function takesAnArticle(sentences: string[], words: string[]): boolean {
  const name = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
  const re = new RegExp(`(?:^|[^\\p{L}])(?:la|le|les|the|het|de|du|des|comite|committee|bestuur)\\s+${name}(?![\\p{L}])`, 'u');
  const group = new RegExp(`(?:^|[^\\p{L}])${name}\\s+(?:committee|board)(?![\\p{L}])`, 'u');
  return sentences.some((s) => {
    const folded = fold(s);
    return re.test(folded) || group.test(folded);
  });
}

/**
 * The writer's own name, as their From line has it, written out in their text: "Sorry, here you go: Peter Lindqvist,
 * Waterloo International Chess Club.", "Voici les informations : Sophie Marchal, Cabinet dentaire Marchal",
 * "groetjes van jan peeters". Whole words, case- and accent-insensitive, in either order ("Lindqvist Peter"); never
 * after a word that makes it someone else ("for Peter Lindqvist", "namens …"). The value is the text as written, with
 * what follows it in the sentence.
 */
// The reading of the writer's name (writtenSenderName) and of the body beside it (senderNamedOrganisations) both ask for
// it, of the same sentences and sender: the last answer is kept, for the same sentences and the same From mailbox.
let lastNamed: { sentences: string[]; address: string | null; name: string | null; named: { found: Found; after: string }[] } | null = null;

function senderNamedIn(sentences: string[], sender: Mailbox | null): { found: Found; after: string }[] {
  const address = sender?.address ?? null;
  const name = sender?.name ?? null;
  if (
    lastNamed !== null &&
    lastNamed.address === address &&
    lastNamed.name === name &&
    lastNamed.sentences.length === sentences.length &&
    lastNamed.sentences.every((s, i) => s === sentences[i])
  )
    return lastNamed.named;
  const named = readSenderNamedIn(sentences, sender);
  lastNamed = { sentences: [...sentences], address, name, named };
  return named;
}

function readSenderNamedIn(sentences: string[], sender: Mailbox | null): { found: Found; after: string }[] {
  const words = senderNameWords(sender);
  if (!words) return [];
  const whole = namedIn(sentences, sender, words);
  // A mailbox of three parts whose last one is no part of the name ("chloe.martin.lln", "jan.peeters.chiro"): a person's
  // full name is the first two, when From gives none and the text writes the three nowhere.
  if (whole.length > 0 || words.length !== 3 || sender?.name?.trim() || !mailboxNameWords(sender?.address ?? '')) return whole;
  return namedIn(sentences, sender, words.slice(0, 2));
}

function namedIn(sentences: string[], sender: Mailbox | null, words: string[]): { found: Found; after: string }[] {
  if (signsAsSomeoneElse(sentences, words, sender)) return [];
  if (takesAnArticle(sentences, words)) return [];
  const reversed = [...words].reverse();
  const out: { found: Found; after: string }[] = [];
  // A word given by its initial ("h*") is any word of three letters or more it opens.
  // An apostrophe or a hyphen the mailbox cannot spell counts for nothing ("liam.oconnor" ↔ "liam o'connor",
  // "marieclaire.mbuyi" ↔ "marie-claire mbuyi").
  const bare = (w: string | undefined) => (w ?? '').replace(/['-]/g, '');
  const is = (t: string, w: string | undefined) => (w?.endsWith('*') ? bare(t).length >= 3 && bare(t).startsWith(w.slice(0, -1)) : bare(t) === bare(w));
  const same = (run: { folded: string }[] | null) =>
    run !== null && (run.every((t, k) => is(t.folded, words[k])) || run.every((t, k) => is(t.folded, reversed[k])));
  for (const sentence of sentences) {
    // A header line of a forwarded or quoted mail names the sender as a header does, not as a writer does.
    if (/\b(?:from|de|van|von|envoy[ée] par|sent by)\s*:/iu.test(sentence)) continue;
    const tokens = [...sentence.matchAll(/\p{L}[\p{L}'’-]*/gu)];
    // Each token folded once, and each run read from its first token in place (not from a copy of the rest of the sentence).
    const folded = tokens.map((t) => fold(t[0]));
    for (let i = 0; i + words.length <= tokens.length; i++) {
      // The words must follow one another, separated by spaces only; a mailbox writes a surname's particles run on
      // ("kris.vanacker" ↔ "kris van acker", "an.dewilde" ↔ "An De Wilde").
      const plain = wordsRun(tokens, folded, i, sentence, words.length, false);
      const plainSame = same(plain);
      const joined = plainSame ? null : wordsRun(tokens, folded, i, sentence, words.length, true);
      const run = plainSame ? plain! : same(joined) ? joined! : null;
      if (!run) continue;
      const start = run[0]!.start;
      const end = run[run.length - 1]!.end;
      if (NOT_THE_WRITER.test(sentence.slice(0, start)) || /^['’]s\b/u.test(sentence.slice(end))) continue;
      out.push({ found: { value: sentence.slice(start, end), snippet: sentence }, after: sentence.slice(end) });
      break;
    }
  }
  return out;
}

/**
 * The first `count` words of the run of tokens from `from` on, separated by spaces only, as folded words; with `join`, a
 * surname's particles run together with the word after them ("van acker" → "vanacker", "de wilde" → "dewilde"), as a
 * mailbox writes them. Null when the run breaks before.
 */
function wordsRun(
  tokens: RegExpExecArray[],
  folded: string[],
  from: number,
  sentence: string,
  count: number,
  join: boolean,
): { folded: string; start: number; end: number }[] | null {
  const out: { folded: string; start: number; end: number }[] = [];
  let k = from;
  const spaced = (at: number) => at === from || /^\s+$/.test(sentence.slice(tokens[at - 1]!.index + tokens[at - 1]![0].length, tokens[at]!.index));
  while (out.length < count) {
    const first = k;
    let word = '';
    // (Never the first word: a given name is no particle, "de" and "la" open no one's name here.)
    while (join && out.length > 0 && k + 1 < tokens.length && PARTICLES.has(folded[k]!) && spaced(k + 1)) word += folded[k++]!;
    if (k >= tokens.length || !spaced(k) || (k > first && !spaced(first))) return null;
    word += folded[k]!;
    out.push({ folded: word, start: tokens[first]!.index, end: tokens[k]!.index + tokens[k]![0].length });
    k++;
  }
  return out;
}

/** The writer's own full name, as From has it, written out anywhere in their text (see senderNamedIn). */
export function writtenSenderName(sentences: string[], sender: Mailbox | null): Found | null {
  return senderNamedIn(sentences, sender)[0]?.found ?? null;
}

/**
 * The body the writer puts beside their own name (as From has it) in a sentence: in apposition ("Peter Lindqvist,
 * Waterloo International Chess Club.", "Sophie Marchal – Cabinet dentaire Marchal à Waterloo"), after a role ("…, penningmeester
 * van KVLV Zele") or after a link ("Jan Peeters van Chiro Lede."). Counted when the body closes the clause (a place
 * may follow it) and is marked as one or is a capitalised name of two words or more that is no person's.
 */
export function senderNamedOrganisations(sentences: string[], sender: Mailbox | null, fullName: string | null = null): Found[] {
  const out: Found[] = [];
  const named = senderNamedIn(sentences, sender);
  // A lower-case writer whose name another reader found ("c'est jérôme lambotte des …" from a mailbox that spells it run
  // on): the body linked to that name is read the same way (below), and only so.
  const byName = named.length === 0 ? nameWrittenLower(sentences, fullName) : null;
  if (byName) {
    const linked = linkedLowerBody(byName.after);
    if (linked) out.push({ value: linked, snippet: byName.found.snippet });
  }
  for (const { found, after } of named) {
    const mark = APPOSITION_MARK.exec(after);
    let rest = mark ? after.slice(mark[0].length) : after.trimStart();
    const tokens = rest.split(/\s+/);
    let skipped = 0;
    while (skipped < 3 && tokens[skipped] && isRoleWord(tokens[skipped]!.replace(/[,;:]$/, ''))) skipped++;
    if (skipped > 0) rest = tokens.slice(skipped).join(' ');
    const link = BODY_LINK.exec(rest);
    // A writer who spells their own name in lower case ("kevin desmet, trail club des collines") spells the body so too:
    // read without capitals, it counts when its own type word marks it; such a one-liner may run the body straight on
    // after the name ("kevin vandenbussche judo club mouscron.").
    const lower = found.value === found.value.toLowerCase();
    if (link) rest = rest.slice(link[0].length);
    else if (!mark && skipped === 0 && !lower) continue;
    // After the writer's post in lower case ("marc de smet, secretaris hsv de karper dendermonde"), the post is the mark:
    // what closes the clause is the body it is held in, whatever its words.
    const afterPost = lower && skipped > 0 ? /^([\p{Ll}'’&-]+(?:\s+[\p{Ll}'’&-]+){0,5})\s*(?:[.,;!?]|$)/u.exec(rest)?.[1] : undefined;
    // A lower-case signature line, the writer's own name then a dash then the rest of the line ("jens de wilde - jeugd rode
    // kruis herzele"): the dash sets the body beside the name, as in "Marie Dubois – ASBL Les Amis"; the line is the mark.
    const dashed =
      lower && skipped === 0 && mark && /[–—-]/.test(mark[0]) && /(?:^|\n)\s*$/.test(found.snippet.slice(0, found.snippet.indexOf(found.value)))
        ? /^([\p{Ll}'’&-]+(?:\s+[\p{Ll}'’&-]+){1,5})\s*(?:\n|$)/u.exec(rest)?.[1]
        : undefined;
    // A lower-case mail signed at the end of its last sentence, the writer's own name then the rest of it ("… can you reset
    // my 2fa pls. tom reilly, spoke & chain mobile bike repair", "merci kevin lemaire clotures lemaire"): the place a
    // signature gives the body, after the name, is the mark, whatever its words (a post closing it is the writer's).
    const tail = lower && skipped === 0 && !link ? signedTail(rest, found, sentences) : undefined;
    // A lower-case writer's name, then a link or a dash, then the rest of the clause ("… c'est kevin dubois des faucons
    // bleus de jemeppe, pouvez-vous …", "jan peeters van camping de duinen in koksijde"): the link is the mark.
    const linked = lower && skipped === 0 ? linkedLowerBody(after) : undefined;
    const org = tail ?? grabOrganisation(rest) ?? (lower ? (linked ?? caseBlindBody(rest) ?? afterPost ?? dashed ?? null) : null);
    if (!org) continue;
    const at = rest.indexOf(org.split(/\s+/)[0]!);
    if (org !== tail && org !== linked && (at < 0 || !(lower ? CLOSES_AFTER_LOWER_BODY : CLOSES_AFTER_BODY).test(rest.slice(at + org.length)))) continue;
    const capitalised = org.split(/\s+/).filter((t) => /^\p{Lu}/u.test(t)).length;
    if (
      hasBodyMarker(org, lower) ||
      (capitalised >= 2 && !isFullName(org)) ||
      ((org === afterPost || org === dashed || org === tail || org === linked) && org.split(/\s+/).length >= 2)
    )
      out.push({ value: org, snippet: found.snippet });
  }
  return out;
}

// The rest of a lower-case last sentence after the writer's name: words (digits inside, "tempo 2000 heist"), then its end.
const LOWER_TAIL = /^([\p{Ll}'’&-]+(?:\s+[\p{Ll}\p{N}'’&-]+){1,6})\s*[.!]?\s*$/u;
// What may stand before the name in that sentence: nothing, or a closing ("… svp merci kevin lemaire", "groetjes marleen claes").
const CLOSING_BEFORE = new RegExp(`(?:^|(?:${CLOSING_WORDS.source})[\\s,.!]*)$`, 'iu');

/**
 * The body a lower-case writer signs with after their own name, the name closing the text's last sentence, alone, after a
 * closing or after a comma: the rest of that sentence, two words or more, a post at its end left out ("antwerp lacrosse club treasurer").
 */
function signedTail(rest: string, found: Found, sentences: string[]): string | undefined {
  if (found.snippet !== sentences.at(-1)) return undefined;
  // (Or the name set off by a comma after the ask, as one signs a one-liner: "… can you reset my 2fa please, jo lee, ghent
  // korfball club".)
  const before = found.snippet.slice(0, found.snippet.indexOf(found.value)).trim();
  if (!CLOSING_BEFORE.test(before) && !/\p{L},$/u.test(before)) return undefined;
  const words = LOWER_TAIL.exec(rest)?.[1]?.split(/\s+/);
  if (!words) return undefined;
  while (words.length > 0 && isRoleWord(words[words.length - 1]!)) words.pop();
  if (words.length < 2 || words.some((w) => isRoleWord(w)) || CLOSING_WORDS.test(words.join(' '))) return undefined;
  return words.join(' ');
}

// The links that tie a person to their body ("van", "des", "from the"), with the body's article.
const AFFILIATION_LINK = /^\s*(?:[–—-]\s+|(?:from|of|van|bij|uit|at|chez|de la|du|des|de)\s+(?:(?:the|de|het|le|la|les)\s+|l['’])?|(?:de l|d|l)['’])/u;
// The clause after it: lower-case words (digits inside), up to its punctuation, a parenthesis, the line's end or the text's.
const LOWER_CLAUSE = /^([\p{Ll}\p{N}'’&-]+(?:[ \t]+[\p{Ll}\p{N}'’&-]+){0,7})[ \t]*(?:[.,;!?(]|\n|$)/u;
// A place closing it ("à malmedy", "in de panne", "at the coast"): where the body is, not its name.
const LOWER_PLACE = /\s+(?:[àa]|in|at|te|near|bij|uit|pr[èe]s de)\s+(?:(?:de|la|le|les|het|den|the)\s+|l['’])?[\p{Ll}'’-]+$/u;
// Words no body's name holds in such a clause: the writer or us, an ask, a thanks ("… van mij, kunnen jullie …").
const NOT_A_NAME_WORD =
  /^(?:je|j|i|ik|my|mon|ma|mes|mijn|me|we|wij|nous|on|you|vous|jullie|u|svp|aub|please|pls|merci|thanks|thx|bedankt|dank|can|could|pouvez|peux|kunnen|kunt|kan|is|est|ben|am|was|part|retour|nouveau|nieuw|new)$/u;

/**
 * The body a lower-case writer ties to their own name by a link or a dash in the same clause ("its chloe martin from the
 * city ski club, can you …", "nancy verstraete van camping de zeester in de panne"): the clause's words up to its end, a
 * place closing it and a post at its end left out, two words or more, none the writer's or an ask's. As written.
 */
function linkedLowerBody(after: string): string | undefined {
  const link = AFFILIATION_LINK.exec(after);
  if (!link || !/^\s/.test(after)) return undefined;
  const clause = LOWER_CLAUSE.exec(after.slice(link[0].length))?.[1];
  if (!clause) return undefined;
  const words = clause.replace(LOWER_PLACE, '').split(/\s+/);
  while (words.length > 0 && isRoleWord(words[words.length - 1]!)) words.pop();
  // (A post inside the name is the body's own word: "… student club", "… parents committee"; one opening it is the writer's.)
  if (words.length < 2 || isRoleWord(words[0]!) || words.some((w) => NOT_A_NAME_WORD.test(w)) || CLOSING_WORDS.test(words.join(' '))) return undefined;
  return words.join(' ');
}

/** The writer's full name as another reader found it, written in lower case in a sentence: where, and what follows. */
function nameWrittenLower(sentences: string[], fullName: string | null): { found: Found; after: string } | null {
  if (!fullName || fullName !== fullName.toLowerCase() || fullName.split(/\s+/).length < 2) return null;
  for (const sentence of sentences) {
    const at = sentence.indexOf(fullName);
    if (at < 0 || /\p{L}/u.test(sentence[at - 1] ?? '') || /\p{L}/u.test(sentence[at + fullName.length] ?? '')) continue;
    if (NOT_THE_WRITER.test(sentence.slice(0, at))) continue;
    return { found: { value: fullName, snippet: sentence }, after: sentence.slice(at + fullName.length) };
  }
  return null;
}

/** A body in lower case at the start of a text, as written (accents kept): "trail club des collines (ellezelles)". */
function caseBlindBody(rest: string): string | null {
  const folded = fold(rest);
  if (folded.length !== rest.length) return null;
  const value = grabCaseBlindOrganisation(folded);
  const at = value ? folded.indexOf(value) : -1;
  return value && at >= 0 ? rest.slice(at, at + value.length) : null;
}

// What the writer says they are, then an aside in parentheses: "je suis coiffeuse indépendante (salon elodie coiffure à
// Seraing)", "I'm a self-employed plumber (Dan Hughes Plumbing)", "ik ben zelfstandig kapster (kapsalon bij Els)".
const SELF_DESCRIPTION_ASIDE =
  /(?:\bje suis|\bj['’ ]\s?suis|\bi am|\bi['’ ]?m|\bik ben|\bik werk als|\bje travaille comme|\bi work as)\s+(?:[\p{L}'’-]+\s+){0,4}?\(([^()]{3,80})\)/giu;
// A place closing the aside ("à Seraing", "in Gent"): where the business is, not its name.
const TRAILING_PLACE = /\s+(?:[àa]|in|te|at|near|bij|pr[èe]s de)\s+\p{Lu}[\p{L}'’-]*(?:[\s-]+\p{Lu}[\p{L}'’-]*){0,2}\s*$/u;

/**
 * The writer's own business, named in an aside after what they say they are, by their own name with words that are no
 * name of theirs ("(salon elodie coiffure à Seraing)" from Elodie Marchal): whatever the words, a name of the writer's
 * with other words is what they trade as. The writer's name alone, or an aside without it, names nothing here.
 */
export function ownNameBusinesses(sentences: string[], sender: Mailbox | null): Found[] {
  const words = senderNameWords(sender);
  // (A surname given by its initial only says too little to tell the writer's name from the trade's words.)
  if (!words || words.some((w) => w.endsWith('*'))) return [];
  const out: Found[] = [];
  for (const sentence of sentences)
    for (const m of sentence.matchAll(SELF_DESCRIPTION_ASIDE)) {
      const span = m[1]!.trim().replace(TRAILING_PLACE, '').trim();
      if (!/^[\p{L}'’&\s-]+$/u.test(span)) continue;
      const folded = span.split(/\s+/).map((t) => fold(t).replace(/[^a-z'-]/g, ''));
      if (folded.length < 2 || folded.length > 6) continue;
      const own = folded.filter((t) => words.includes(t)).length;
      if (own === 0 || own === folded.length) continue;
      out.push({ value: span, snippet: sentence });
    }
  return out;
}
