import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  /** Give up after this many milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Pause between attempts (default 50). */
  intervalMs?: number;
  /** What is awaited, for the error message ("3 messages at the sink"). */
  what?: string;
}

/**
 * Calls `fn` until it returns something other than undefined, null or false, and returns
 * that. An exception thrown by `fn` ends the wait at once. On timeout it throws an error
 * naming `what` (and the last value seen).
 */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = 10_000, intervalMs = 50, what = 'condition' }: WaitForOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await fn();
    if (last !== undefined && last !== null && last !== false) return last as T;
    if (Date.now() >= deadline) {
      throw new Error(`waitFor: timed out after ${timeoutMs} ms waiting for ${what} (last value: ${String(last)})`);
    }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}
