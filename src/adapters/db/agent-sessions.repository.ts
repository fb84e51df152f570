import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { agentSessions, agents } from './schema/index.ts';

export async function insertAgentSession(
  db: DbOrTx,
  session: { tokenHash: string; agentId: number; createdAt: Date; lastSeenAt: Date; expiresAt: Date },
): Promise<number> {
  const [row] = await db.insert(agentSessions).values(session).returning({ id: agentSessions.id });
  if (!row) throw new Error('session insert returned nothing');
  return row.id;
}

/** The live (unrevoked, unexpired) session of a token hash, with its agent. */
export async function liveSessionOf(db: DbOrTx, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ sessionId: agentSessions.id, lastSeenAt: agentSessions.lastSeenAt, id: agents.id, email: agents.email, name: agents.name, role: agents.role })
    .from(agentSessions)
    .innerJoin(agents, eq(agents.id, agentSessions.agentId))
    .where(and(eq(agentSessions.tokenHash, tokenHash), isNull(agentSessions.revokedAt), gt(agentSessions.expiresAt, now)));
  return row ?? null;
}

export async function touchSession(db: DbOrTx, sessionId: number, now: Date): Promise<void> {
  await db.update(agentSessions).set({ lastSeenAt: now }).where(eq(agentSessions.id, sessionId));
}

export async function revokeSession(db: DbOrTx, sessionId: number, now: Date): Promise<void> {
  await db.update(agentSessions).set({ revokedAt: now }).where(eq(agentSessions.id, sessionId));
}
