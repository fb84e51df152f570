// The CPU-heavy stage of the pipeline — parse, analyse, authenticate — as one call, so it can
// run in this thread (tests, small installs) or in a pool of worker threads (inspect-pool.ts).
import { analyseWithOwnText, type Analysis, type ReadingOptions } from '../../core/analyse.ts';
import type { InboundMessage } from '../../core/message.ts';
import { writtenTo } from '../../core/message-id.ts';
import { findTicketRef } from '../../core/ticket-status.ts';
import { hmacHex } from '../crypto/secrets.ts';
import type { AuthVerdict } from '../../core/verdict.ts';

/** What the inspection needs to know about the message beyond its bytes. */
export interface InspectContext {
  /** When the message arrived (stored): signature ages are judged then, also on a replay. */
  receivedAt?: Date;
}

export type Authenticate = (raw: Buffer, context?: InspectContext) => Promise<AuthVerdict>;

export type Inspection =
  | {
      ok: true;
      message: InboundMessage;
      analysis: Analysis;
      verdict: AuthVerdict;
      /** The writer's own text (quotes stripped) the analysis read: the pipeline reads it again without stripping it again. */
      ownText: string;
    }
  | { ok: false; reason: 'unparseable_mime' | 'parse_timeout' | 'parser_crashed' };

/** The verdict recorded for mail that no step acts on as its sender's word: not checked, said so. */
export const NOT_CHECKED = 'not_checked';

/**
 * Why a message needs no verdict, or null when it needs one. Only two things are ever acted on
 * as their sender's word: a recovery request, and mail that claims one of our threads (a
 * follow-up merges into its ticket, a "this wasn't me" disputes it). A thread claim is any
 * In-Reply-To or References header, or a ticket reference in the subject ("Re: [REC-…]"),
 * forged or not: it is authenticated before it is read, and the thread is looked up afterwards. Everything else is ignored whatever its sender, so it
 * spends no DKIM or DNS time: a bounce (only noted on the ticket whose reply bounced), an
 * auto-reply outside any thread, and other mail outside any thread (newsletters, questions).
 */
export function noVerdictNeeded(analysis: Analysis, message: Pick<InboundMessage, 'inReplyTo' | 'references' | 'subject'>): string | null {
  if (analysis.kind === 'bounce') return 'a bounce';
  if (analysis.kind === 'recovery_request') return null;
  if (message.inReplyTo || message.references.length > 0 || findTicketRef(message.subject) !== null) return null;
  return analysis.kind === 'auto_reply' ? 'an auto-reply outside our threads' : 'other mail outside our threads';
}

/** What recognises our own Message-IDs (SUPPORT_ADDRESS's domain, MESSAGE_HMAC_KEY). */
export interface OurMessageIds {
  domain: string;
  hmacKey: string;
}

/** The reading's options, and how to tell a reply to one of our mails (`ourThread`, analyse.ts). */
export type InspectReading = Omit<ReadingOptions, 'ourThread'> & { ourMessageIds?: OurMessageIds };

/**
 * Whether In-Reply-To or References carry a Message-ID we signed for a mail to this sender: a
 * reply to one of our mails. One we wrote to someone else (Eve's own notice, its Message-ID worn
 * by her mail to the holder) does not make the holder's answer an answer to us.
 */
function repliesToOurs(message: Pick<InboundMessage, 'inReplyTo' | 'references' | 'from'>, ids: OurMessageIds): boolean {
  const sign = (data: string) => hmacHex(ids.hmacKey, data);
  const sender = message.from.length === 1 ? message.from[0]?.address : undefined;
  if (!sender) return false;
  return [message.inReplyTo, ...message.references].some((id) => Boolean(id) && writtenTo(id!, sender, ids.domain, sign));
}

export async function inspectRaw(
  raw: Buffer,
  parse: (raw: Buffer) => Promise<InboundMessage>,
  authenticate: Authenticate,
  context: InspectContext = {},
  reading: InspectReading = {},
): Promise<Inspection> {
  let message: InboundMessage;
  try {
    message = await parse(raw);
  } catch {
    return { ok: false, reason: 'unparseable_mime' };
  }
  const { ourMessageIds, ...options } = reading;
  const { analysis, own: ownText } = analyseWithOwnText(message, ourMessageIds ? { ...options, ourThread: repliesToOurs(message, ourMessageIds) } : options);
  const unchecked = noVerdictNeeded(analysis, message);
  if (unchecked) {
    return {
      ok: true,
      message,
      analysis,
      ownText,
      verdict: { authenticated: false, reason: `${NOT_CHECKED}: ${unchecked}`, authFrom: null, evidence: { notChecked: analysis.kind } },
    };
  }
  const verdict = await authenticate(raw, context).catch((): AuthVerdict => ({ authenticated: false, reason: 'auth_error', authFrom: null }));
  return { ok: true, message, analysis, verdict, ownText };
}

/** In this thread, with a time limit that can only give up waiting (a pool can also stop the work). */
export function inspectInProcess(parse: (raw: Buffer) => Promise<InboundMessage>, authenticate: Authenticate, timeoutMs: number, reading: InspectReading = {}) {
  return (raw: Buffer, context: InspectContext = {}): Promise<Inspection> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Inspection>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: 'parse_timeout' }), timeoutMs);
    });
    return Promise.race([inspectRaw(raw, parse, authenticate, context, reading), timeout]).finally(() => clearTimeout(timer));
  };
}
