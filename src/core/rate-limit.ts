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
