// Sender + account on file → decision and the verification signals an agent sees.

export type Likeness = 'match' | 'partial' | 'none';

export interface AccountOnFile {
  id: number;
  email: string;
  fullName: string;
  organisations: string[];
}

export type MatchDecision = { kind: 'matched'; accountId: number } | { kind: 'none' };

/** Matching is exact on the normalised address: no +tag, dot or look-alike folding. */
export function matchAccount(senderAddress: string | null, account: AccountOnFile | null): MatchDecision {
  if (!senderAddress || !account || account.email !== senderAddress) return { kind: 'none' };
  return { kind: 'matched', accountId: account.id };
}

function tokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 1);
}

const LEGAL_FORMS = new Set([
  'asbl',
  'vzw',
  'srl',
  'sprl',
  'bv',
  'bvba',
  'nv',
  'sa',
  'scrl',
  'cv',
  'ltd',
  'llc',
  'inc',
  'gmbh',
  'the',
  'de',
  'la',
  'le',
  'les',
  'het',
]);

function likeness(stated: string[], onFile: string[]): Likeness {
  if (stated.length === 0 || onFile.length === 0) return 'none';
  const file = new Set(onFile);
  const shared = stated.filter((token) => file.has(token)).length;
  if (shared === file.size && shared === new Set(stated).size) return 'match';
  return shared > 0 ? 'partial' : 'none';
}

/** Stated name vs the account holder's name; null when nothing was stated. */
export function compareName(stated: string | null, onFile: string): Likeness | null {
  if (!stated) return null;
  return likeness(tokens(stated), tokens(onFile));
}

/** Stated organisation vs the best of the account's organisations; null when nothing was stated. */
export function compareOrganisation(stated: string | null, onFile: readonly string[]): Likeness | null {
  if (!stated) return null;
  const significant = (text: string) => tokens(text).filter((token) => !LEGAL_FORMS.has(token));
  const order: Likeness[] = ['match', 'partial', 'none'];
  const results = onFile.map((organisation) => likeness(significant(stated), significant(organisation)));
  return order.find((level) => results.includes(level)) ?? 'none';
}
