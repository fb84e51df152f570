import { eq } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { mailboxCursors } from './schema/index.ts';

export interface MailboxCursor {
  uidValidity: number;
  lastUid: number;
  /** The first start's point (IMAP_START); null: everything. */
  startAt: Date | null;
  /** When the cursor last moved (read only: set by setCursor). */
  updatedAt?: Date;
}

export async function getCursor(db: DbOrTx, mailbox: string): Promise<MailboxCursor | null> {
  const [row] = await db.select().from(mailboxCursors).where(eq(mailboxCursors.mailbox, mailbox));
  return row ? { uidValidity: row.uidValidity, lastUid: row.lastUid, startAt: row.startAt, updatedAt: row.updatedAt } : null;
}

export async function setCursor(db: DbOrTx, mailbox: string, cursor: MailboxCursor): Promise<void> {
  const { uidValidity, lastUid, startAt } = cursor;
  await db
    .insert(mailboxCursors)
    .values({ mailbox, uidValidity, lastUid, startAt })
    .onConflictDoUpdate({ target: mailboxCursors.mailbox, set: { uidValidity, lastUid, startAt, updatedAt: new Date() } });
}
