// Whether a message may get an automatic answer (SPEC §6 rule 3). Mail that gets no
// answer is still processed and still reaches an agent: this only decides the reply.
import { lowerAscii } from './address-identity.ts';
import { headerValue, type InboundMessage } from './message.ts';

export const LOOP_HEADER = 'x-recovery-desk-loop';

export interface OurIdentity {
  supportAddress: string;
  ourDomains: readonly string[];
}

/** When the message arrived (IMAP internal date, or storing time for ingest), and the limit. */
export interface Age {
  arrivedAt: Date;
  now: Date;
  maxAgeMs: number;
}

/**
 * Whether a message arrived too long ago for any automatic answer (REPLY_MAX_AGE), whatever
 * path brings it to processing now: old history, a replay, a sweep after an outage. An answer
 * weeks later tells the wrong person, or the right one too late; an agent decides instead.
 */
export function tooOldToAnswer(age: Age): boolean {
  return age.now.getTime() - age.arrivedAt.getTime() > age.maxAgeMs;
}

const ROBOT_LOCAL_PARTS = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|donotreply|bounces?|auto-?reply|autoresponder)([+._-]|$)/i;

/** A reason not to answer automatically, or null when an answer is allowed. */
export function noAutoAnswerReason(message: InboundMessage, sender: string | null, us: OurIdentity, age: Age): string | null {
  const autoSubmitted = headerValue(message, 'auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'auto_submitted';
  if (headerValue(message, LOOP_HEADER) !== null) return 'our_own_mail';
  if (headerValue(message, 'x-autoreply') !== null || headerValue(message, 'x-autorespond') !== null) return 'auto_reply_header';
  const precedence = headerValue(message, 'precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) return `precedence_${precedence}`;
  if (Object.keys(message.headers).some((name) => name.startsWith('list-'))) return 'mailing_list';
  if (message.returnPath === '') return 'null_return_path';
  if (!sender) return 'no_sender';
  const [local = '', domain = ''] = sender.split('@');
  if (ROBOT_LOCAL_PARTS.test(local)) return 'robot_sender';
  if (sender === lowerAscii(us.supportAddress) || us.ourDomains.includes(domain)) return 'our_own_address';
  const messageIdDomain = /@([^>\s]+)>?\s*$/.exec(message.messageId ?? '')?.[1]?.toLowerCase();
  if (messageIdDomain && us.ourDomains.includes(messageIdDomain) && /^<?rd\./.test(message.messageId ?? '')) return 'our_message_id';
  if (tooOldToAnswer(age)) return 'too_old';
  return null;
}
