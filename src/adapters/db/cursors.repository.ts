import { eq } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { mailboxCursors } from './schema/index.ts';

export async function getCursor(db: DbOrTx, mailbox: string) {
  const [row] = await db.select().from(mailboxCursors).where(eq(mailboxCursors.mailbox, mailbox));
  return row ? { uidValidity: row.uidValidity, lastUid: row.lastUid } : null;
}

export async function setCursor(db: DbOrTx, mailbox: string, uidValidity: number, lastUid: number): Promise<void> {
  await db
    .insert(mailboxCursors)
    .values({ mailbox, uidValidity, lastUid })
    .onConflictDoUpdate({ target: mailboxCursors.mailbox, set: { uidValidity, lastUid, updatedAt: new Date() } });
}
