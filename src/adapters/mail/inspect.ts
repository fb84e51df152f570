// The CPU-heavy stage of the pipeline — parse, analyse, authenticate — as one call, so it can
// run in this thread (tests, small installs) or in a pool of worker threads (inspect-pool.ts).
import { analyse, type Analysis, type ReadingOptions } from '../../core/analyse.ts';
import type { InboundMessage } from '../../core/message.ts';
import type { AuthVerdict } from '../../core/verdict.ts';

/** What the inspection needs to know about the message beyond its bytes. */
export interface InspectContext {
  /** When the message arrived (stored): signature ages are judged then, also on a replay. */
  receivedAt?: Date;
}

export type Authenticate = (raw: Buffer, context?: InspectContext) => Promise<AuthVerdict>;

export type Inspection =
  | { ok: true; message: InboundMessage; analysis: Analysis; verdict: AuthVerdict }
  | { ok: false; reason: 'unparseable_mime' | 'parse_timeout' | 'parser_crashed' };

/** The verdict recorded for mail that no step acts on as its sender's word: not checked, said so. */
export const NOT_CHECKED = 'not_checked: a bounce';

/**
 * Whether the pipeline needs to know who sent this message. A bounce (a delivery status
 * notification) never does: no step acts on it as its sender's word, it is only noted on the
 * ticket whose reply bounced, so it spends no DKIM and DNS time. Everything else is
 * authenticated: a request and any mail in one of our threads need the verdict, and the verdict
 * recorded for an auto-reply or other ignored mail is what agents and the security suites read
 * (our own reply looping back is "from_our_domain", a genuine reply that quotes an attacker is
 * authenticated yet ignored).
 */
export function needsVerdict(analysis: Analysis): boolean {
  return analysis.kind !== 'bounce';
}

export async function inspectRaw(
  raw: Buffer,
  parse: (raw: Buffer) => Promise<InboundMessage>,
  authenticate: Authenticate,
  context: InspectContext = {},
  reading: ReadingOptions = {},
): Promise<Inspection> {
  let message: InboundMessage;
  try {
    message = await parse(raw);
  } catch {
    return { ok: false, reason: 'unparseable_mime' };
  }
  const analysis = analyse(message, reading);
  if (!needsVerdict(analysis)) {
    return { ok: true, message, analysis, verdict: { authenticated: false, reason: NOT_CHECKED, authFrom: null, evidence: { notChecked: analysis.kind } } };
  }
  const verdict = await authenticate(raw, context).catch((): AuthVerdict => ({ authenticated: false, reason: 'auth_error', authFrom: null }));
  return { ok: true, message, analysis, verdict };
}

/** In this thread, with a time limit that can only give up waiting (a pool can also stop the work). */
export function inspectInProcess(parse: (raw: Buffer) => Promise<InboundMessage>, authenticate: Authenticate, timeoutMs: number, reading: ReadingOptions = {}) {
  return (raw: Buffer, context: InspectContext = {}): Promise<Inspection> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Inspection>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: 'parse_timeout' }), timeoutMs);
    });
    return Promise.race([inspectRaw(raw, parse, authenticate, context, reading), timeout]).finally(() => clearTimeout(timer));
  };
}
