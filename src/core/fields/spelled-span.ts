// The body's name as the sender's own mail spells it. A words' span of the writer's text whose letters, run together, are
// exactly the label of the sender's own mail domain ("CertiPEB Bastin" ↔ certipeb-bastin.be, "stevens tuinen" ↔
// stevens-tuinen.be), a provider mailbox's local part ("imprimerie lecocq" ↔ imprimerie.lecocq@skynet.be), or the From
// display name when it is marked as a body ("Arabesque – École de danse <info@…>") is the name the body writes under,
// wherever the text writes it (a signature line, a sentence, in any case). Letter for letter is the evidence: a domain
// that only contains the words ("arabesque-mons") does not count here. Never the writer's own name (a person's own
// domain spells the person, and a personal mailbox its holder: a span opening with the given name From gives).

import type { Mailbox } from '../message.ts';
import { fold } from '../text-tools.ts';
import { isLegalForm, isOrgWord, isOwnCompanyName } from './organisations.ts';
import type { Found } from './prose.ts';
import { isConsumerMailbox } from './signature-block.ts';

const squash = (s: string) => fold(s.replace(/&/g, ' and ')).replace(/[^a-z0-9]/g, '');

/** What the sender's mail spells, letters and digits only: the own domain's label, a provider's local part, a body's display name. */
function senderSpellings(sender: Mailbox | null): string[] {
  if (!sender) return [];
  const [local = '', domain = ''] = sender.address.split('@');
  const out: string[] = [];
  if (isConsumerMailbox(sender.address)) out.push(squash(local));
  // (A domain with no dot, "kontakt@REDACTED", is no one's.)
  else if (domain.includes('.'))
    out.push(
      squash(
        fold(domain)
          .replace(/\.[a-z]+$/, '')
          .split('.')
          .pop() ?? '',
      ),
    );
  const display = sender.name?.trim() ?? '';
  // Marked by a body's word or legal form, as the display-name hint needs ("Imprimerie Lecocq"; not "Shinichiro HIDA").
  if (display && display.split(/\s+/).some((t) => isOrgWord(t) || isLegalForm(t.replace(/[,.]$/, '')))) out.push(squash(display));
  return [...new Set(out.filter((s) => s.length >= 6))];
}

/** The span of the writer's text the sender's mail spells letter for letter, when exactly one is written; null otherwise. */
export function senderSpelledSpan(sentences: string[], sender: Mailbox | null, fullName: string | null, companyNames: readonly string[] = []): Found | null {
  const spellings = senderSpellings(sender);
  if (spellings.length === 0) return null;
  const nameWords = new Set(
    fold(`${fullName ?? ''}`)
      .split(/[^a-z]+/)
      .filter(Boolean),
  );
  // The given name a person's From display name opens with ("kris", "Tom Fletcher"), for a provider's mailbox.
  const display = fold(sender?.name ?? '').trim();
  const personal =
    sender && isConsumerMailbox(sender.address) && display && !(sender.name ?? '').split(/\s+/).some((t) => isOrgWord(t) || isLegalForm(t.replace(/[,.]$/, '')))
      ? display.split(/[^a-z'-]+/)[0]
      : undefined;
  const found = new Map<string, Found>();
  for (const sentence of sentences) {
    const tokens = sentence.split(/\s+/).filter(Boolean);
    for (let i = 0; i < tokens.length; i++) {
      let letters = '';
      for (let j = i; j < tokens.length && j < i + 8; j++) {
        letters += squash(tokens[j]!);
        if (!spellings.includes(letters)) continue;
        const value = tokens
          .slice(i, j + 1)
          .join(' ')
          .replace(/^[\s"'“”«»(–—-]+|[\s"'“”«»),;:.!?–—-]+$/gu, '');
        if (!/[\p{L}\d]/u.test(value.charAt(0))) continue;
        // The writer's own name (every word of it theirs) is the person, not a body.
        const words = fold(value)
          .split(/[^a-z]+/)
          .filter(Boolean);
        if (words.every((w) => nameWords.has(w)) || isOwnCompanyName(value, companyNames)) continue;
        // A personal mailbox spells its holder: a span that opens with the given name From gives the person ("kris
        // <kris.vanacker@…>" and "kris van acker, …") is the writer's own name, even where no rule read it as one.
        if (personal && words[0] === personal) continue;
        // Nor a span that opens inside the writer's name as written, its surname then the body's first word ("kevin lemaire
        // clotures lemaire" from lemaire.clotures@…): it straddles the person and the body.
        if (i > 0 && nameWords.has(words[0]!) && nameWords.has(fold(tokens[i - 1]!).replace(/[^a-z'-]/g, ''))) continue;
        found.set(squash(value), { value, snippet: sentence });
      }
    }
  }
  return found.size === 1 ? [...found.values()][0]! : null;
}
