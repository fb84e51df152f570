// Sliding-window limits: a list of (window, max) pairs; over any one of them is over.

export interface Window {
  minutes: number;
  max: number;
}

/** Zammad's per-recipient map, a proven starting point for outbound mail. */
export const OUTBOUND_PER_RECIPIENT: readonly Window[] = [
  { minutes: 10, max: 10 },
  { minutes: 30, max: 15 },
  { minutes: 60, max: 25 },
  { minutes: 180, max: 50 },
  { minutes: 600, max: 100 },
];

/** Given how many events each window already holds, the first window that is full. */
export function overLimit(windows: readonly Window[], counts: readonly number[]): Window | null {
  return windows.find((window, index) => (counts[index] ?? 0) >= window.max) ?? null;
}

/**
 * Authenticated and unauthenticated requests are counted apart (SPEC §6 rule 16): forgeries
 * naming someone use up only the unauthenticated scopes, never the holder's own allowance.
 */
export type FloodScope = 'sender' | 'domain' | 'account' | 'unauthenticated_sender' | 'unauthenticated_account' | 'unauthenticated';

export type FloodKey =
  | { scope: 'sender' | 'unauthenticated_sender'; address: string }
  | { scope: 'domain'; domain: string }
  | { scope: 'account' | 'unauthenticated_account'; accountId: number }
  | { scope: 'unauthenticated' };

/** The scopes a request is counted in, in the fixed order their locks are taken. */
export function floodKeys(input: { sender: string | null; authenticated: boolean; accountId: number | null }): FloodKey[] {
  const keys: FloodKey[] = [];
  if (input.authenticated) {
    if (input.sender) keys.push({ scope: 'sender', address: input.sender });
    // The domain scope bounds authenticated mail that names no account (what fills the queue):
    // strangers signing at a large provider must not spend the allowance of its users who have one.
    if (input.accountId !== null) keys.push({ scope: 'account', accountId: input.accountId });
    else if (input.sender) keys.push({ scope: 'domain', domain: input.sender.split('@')[1] ?? '' });
    return keys;
  }
  if (input.sender) keys.push({ scope: 'unauthenticated_sender', address: input.sender });
  if (input.accountId !== null) keys.push({ scope: 'unauthenticated_account', accountId: input.accountId });
  keys.push({ scope: 'unauthenticated' });
  return keys;
}

/** Whether a scope counts authenticated requests (true) or unauthenticated ones (false). */
export function countsAuthenticated(scope: FloodScope): boolean {
  return scope === 'sender' || scope === 'domain' || scope === 'account';
}

const SENDER: readonly Window[] = [
  { minutes: 10, max: 5 },
  { minutes: 1440, max: 20 },
];
const ACCOUNT: readonly Window[] = [
  { minutes: 60, max: 10 },
  { minutes: 1440, max: 30 },
];

/**
 * Recovery requests that may open or touch a ticket, per scope. Tighter than outbound mail:
 * a genuine user writes a handful of times; a flood is an attack or a loop. Over the limit
 * the message is held as throttled (visible to agents), with no ticket change and no answer.
 */
export const INBOUND_LIMITS: Record<FloodScope, readonly Window[]> = {
  sender: SENDER,
  domain: [
    { minutes: 10, max: 30 },
    { minutes: 1440, max: 300 },
  ],
  account: ACCOUNT,
  // The same allowances, for unauthenticated requests only: anyone can write as anyone.
  unauthenticated_sender: SENDER,
  unauthenticated_account: ACCOUNT,
  // All unauthenticated recovery requests together: a forged flood naming many accounts.
  unauthenticated: [
    { minutes: 10, max: 50 },
    { minutes: 60, max: 100 },
  ],
};
