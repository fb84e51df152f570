import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { lowerAscii } from '../../core/address-identity.ts';
import type { DbOrTx } from './client.ts';
import { agents, approvals } from './schema/index.ts';

export type AgentRow = typeof agents.$inferSelect;

export async function findAgentByEmail(db: DbOrTx, email: string): Promise<AgentRow | null> {
  const [row] = await db
    .select()
    .from(agents)
    .where(eq(agents.email, lowerAscii(email.trim())));
  return row ?? null;
}

export async function insertAgent(
  db: DbOrTx,
  agent: { email: string; name: string; role: 'agent' | 'admin'; passwordHash: string; sealTotp: (id: number) => string },
): Promise<number> {
  const [row] = await db
    .insert(agents)
    .values({ email: agent.email, name: agent.name, role: agent.role, passwordHash: agent.passwordHash, totpSecret: 'pending' })
    .returning({ id: agents.id });
  if (!row) throw new Error('agent insert returned nothing');
  await db
    .update(agents)
    .set({ totpSecret: agent.sealTotp(row.id) })
    .where(eq(agents.id, row.id));
  return row.id;
}

/** Accepts a TOTP time step once: compare-and-set, so a replayed code loses the race. */
export async function acceptTotpStep(db: DbOrTx, agentId: number, step: number): Promise<boolean> {
  const rows = await db
    .update(agents)
    .set({ lastTotpStep: step, failedTotp: 0 })
    .where(and(eq(agents.id, agentId), or(isNull(agents.lastTotpStep), lt(agents.lastTotpStep, step))))
    .returning({ id: agents.id });
  return rows.length === 1;
}

/** Counts a wrong code; the fifth locks the agent's approvals. Returns the new count. */
export async function recordFailedTotp(db: DbOrTx, agentId: number, lockAfter: number): Promise<number> {
  const [row] = await db
    .update(agents)
    .set({
      failedTotp: sql`${agents.failedTotp} + 1`,
      approvalsLockedAt: sql`case when ${agents.failedTotp} + 1 >= ${lockAfter} then coalesce(${agents.approvalsLockedAt}, now()) else ${agents.approvalsLockedAt} end`,
    })
    .where(eq(agents.id, agentId))
    .returning({ failed: agents.failedTotp });
  return row?.failed ?? lockAfter;
}

export async function approvalsOf(db: DbOrTx, ticketId: number) {
  return db.select().from(approvals).where(eq(approvals.ticketId, ticketId));
}

/** Who approved the ticket, with their reasons, newest first. */
export async function approversOf(db: DbOrTx, ticketId: number) {
  return db
    .select({ email: agents.email, reason: approvals.reason, at: approvals.createdAt })
    .from(approvals)
    .innerJoin(agents, eq(agents.id, approvals.agentId))
    .where(eq(approvals.ticketId, ticketId))
    .orderBy(desc(approvals.createdAt));
}

export async function insertApproval(db: DbOrTx, approval: { ticketId: number; agentId: number; reason: string | null; evidenceHash: string }): Promise<void> {
  await db.insert(approvals).values(approval);
}

export async function clearApprovals(db: DbOrTx, ticketId: number): Promise<void> {
  await db.delete(approvals).where(eq(approvals.ticketId, ticketId));
}

/** Every agent's sealed TOTP secret, locked for update (for re-sealing under a new key). */
export async function lockAgentSecrets(db: DbOrTx) {
  return db.select({ id: agents.id, secret: agents.totpSecret }).from(agents).for('update');
}

export async function setAgentSecret(db: DbOrTx, agentId: number, sealed: string): Promise<void> {
  await db.update(agents).set({ totpSecret: sealed }).where(eq(agents.id, agentId));
}

/** Clears an agent's wrong-code lock; false when there is no such agent. */
export async function unlockAgent(db: DbOrTx, email: string): Promise<boolean> {
  const rows = await db.update(agents).set({ failedTotp: 0, approvalsLockedAt: null }).where(eq(agents.email, email)).returning({ id: agents.id });
  return rows.length > 0;
}
