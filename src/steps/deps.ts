import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { InboundMessage } from '../core/message.ts';
import type { AuthVerdict } from '../core/verdict.ts';
import type { AccountDirectory } from '../core/directory.ts';
import type { Db } from '../adapters/db/client.ts';
import type { SecretBox } from '../adapters/crypto/secrets.ts';
import type { JobQueue } from '../adapters/queue/jobs.ts';
import type { InspectContext, Inspection } from '../adapters/mail/inspect.ts';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  headers: Record<string, string>;
}

/** Everything a step may touch, passed in by main.ts (or a test). */
export interface Deps {
  db: Db;
  config: Config;
  log: Logger;
  jobs: JobQueue;
  secrets: SecretBox;
  /** Where the accounts really live (SPEC §9): matching and the profile on file go through it. */
  directory: AccountDirectory;
  parse(raw: Buffer): Promise<InboundMessage>;
  authenticate(raw: Buffer, context?: InspectContext): Promise<AuthVerdict>;
  /** Parse + analyse + authenticate under the time limit (in a worker thread when pooled). */
  inspect(raw: Buffer, context?: InspectContext): Promise<Inspection>;
  sendMail(mail: OutgoingMail): Promise<void>;
  sign(data: string): string;
  now(): Date;
}

// Declared with every other code in the error catalog; re-exported for the steps.
export { StepError } from '../core/errors.ts';
