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

export type FloodScope = 'sender' | 'domain' | 'account' | 'unauthenticated';

/**
 * Recovery requests that may open or touch a ticket, per scope. Tighter than outbound mail:
 * a genuine user writes a handful of times; a flood is an attack or a loop. Over the limit
 * the message is recorded as throttled, with no ticket change and no answer.
 */
export const INBOUND_LIMITS: Record<FloodScope, readonly Window[]> = {
  sender: [
    { minutes: 10, max: 5 },
    { minutes: 1440, max: 20 },
  ],
  domain: [
    { minutes: 10, max: 30 },
    { minutes: 1440, max: 300 },
  ],
  account: [
    { minutes: 60, max: 10 },
    { minutes: 1440, max: 30 },
  ],
  // All unauthenticated recovery requests together: a forged flood naming many accounts.
  unauthenticated: [
    { minutes: 10, max: 50 },
    { minutes: 60, max: 100 },
  ],
};
