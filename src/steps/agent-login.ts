// Console login (password + the agent's own TOTP code), server-side sessions, logout.
// Every login, failure and logout is in the audit log (ticketId null).
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { newToken, sha256Hex } from '../adapters/crypto/secrets.ts';
import { hashPassword, verifyPassword } from '../adapters/crypto/password.ts';
import { acceptTotpStep, findAgentByEmail, type AgentRow } from '../adapters/db/agents.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { agentSessions, agents, loginThrottle } from '../adapters/db/schema/index.ts';
import { verifyTotp } from '../adapters/totp/totp.ts';
import { lowerAscii } from '../core/address-identity.ts';
import { StepError, type Deps } from './deps.ts';

export const LOGIN_LOCK_AFTER = 5;
export const LOGIN_LOCK_MS = 15 * 60_000;
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_MAX_MS = 8 * 3_600_000;

export type SessionAgent = Pick<AgentRow, 'id' | 'email' | 'name' | 'role'> & { sessionId: number };

// A wrong email costs as much as a wrong password: no timing oracle for who is an agent.
let decoyHash: Promise<string> | null = null;

export async function loginAgent(
  deps: Pick<Deps, 'db' | 'secrets' | 'now' | 'log'>,
  input: { email: string; password: string; totpCode: string; ip: string },
): Promise<{ token: string; agent: SessionAgent; expiresAt: Date }> {
  // ASCII-only lower-casing, as everywhere an address is compared: no Kelvin sign folded into k
  const email = lowerAscii(input.email.trim()).slice(0, 320);
  const now = deps.now();
  const [throttle] = await deps.db.select().from(loginThrottle).where(eq(loginThrottle.email, email));
  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    await deps.db.transaction((tx) => appendEvent(tx, { ticketId: null, type: 'login_refused', actor: email || '(empty)', data: { reason: 'locked', ip: input.ip } }));
    throw new StepError('login.locked', 'too many failed attempts: this login is locked for a while, try again later');
  }
  const agent = email ? await findAgentByEmail(deps.db, email) : null;
  decoyHash ??= hashPassword('decoy-password-never-matches');
  const passwordOk = await verifyPassword(input.password, agent?.passwordHash ?? (await decoyHash));
  let codeOk = false;
  if (agent && passwordOk) {
    const secret = deps.secrets.open(agent.totpSecret, `agent:${agent.id}`);
    const check = await verifyTotp(secret, input.totpCode, agent.lastTotpStep === null ? {} : { afterTimeStep: agent.lastTotpStep });
    codeOk = check.valid && (await acceptTotpStep(deps.db, agent.id, check.timeStep));
  }
  if (!agent || !passwordOk || !codeOk) {
    const reason = !agent ? 'unknown_agent' : !passwordOk ? 'bad_password' : 'bad_code';
    const failures = await recordLoginFailure(deps, email, now);
    await deps.db.transaction((tx) =>
      appendEvent(tx, { ticketId: null, type: 'login_failed', actor: email || '(empty)', data: { reason, failures, locked: failures >= LOGIN_LOCK_AFTER, ip: input.ip } }),
    );
    throw new StepError('login.failed', 'wrong email, password or code');
  }
  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_MAX_MS);
  const sessionId = await deps.db.transaction(async (tx) => {
    await tx.delete(loginThrottle).where(eq(loginThrottle.email, email));
    const [row] = await tx.insert(agentSessions).values({ tokenHash: hash, agentId: agent.id, createdAt: now, lastSeenAt: now, expiresAt }).returning({ id: agentSessions.id });
    await appendEvent(tx, { ticketId: null, type: 'login', actor: agent.email, data: { sessionId: row!.id, ip: input.ip } });
    return row!.id;
  });
  deps.log.info({ agent: agent.email, sessionId }, 'agent logged in');
  return { token, agent: { id: agent.id, email: agent.email, name: agent.name, role: agent.role, sessionId }, expiresAt };
}

async function recordLoginFailure(deps: Pick<Deps, 'db'>, email: string, now: Date): Promise<number> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const [row] = await deps.db
    .insert(loginThrottle)
    .values({ email, failures: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: loginThrottle.email,
      // An old lock that ran out starts a fresh count.
      set: {
        failures: sql`case when ${loginThrottle.lockedUntil} is not null and ${loginThrottle.lockedUntil} <= ${at} then 1 else ${loginThrottle.failures} + 1 end`,
        lockedUntil: sql`case when ${loginThrottle.lockedUntil} is not null and ${loginThrottle.lockedUntil} <= ${at} then null else ${loginThrottle.lockedUntil} end`,
        updatedAt: now,
      },
    })
    .returning({ failures: loginThrottle.failures });
  const failures = row?.failures ?? LOGIN_LOCK_AFTER;
  if (failures >= LOGIN_LOCK_AFTER) {
    await deps.db.update(loginThrottle).set({ lockedUntil: new Date(now.getTime() + LOGIN_LOCK_MS) }).where(eq(loginThrottle.email, email));
  }
  return failures;
}

/** The agent behind a session cookie, or null when it is unknown, revoked, idle or expired. */
export async function sessionAgent(deps: Pick<Deps, 'db' | 'now'>, token: string | undefined): Promise<SessionAgent | null> {
  if (!token || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const now = deps.now();
  const [row] = await deps.db
    .select({ sessionId: agentSessions.id, lastSeenAt: agentSessions.lastSeenAt, id: agents.id, email: agents.email, name: agents.name, role: agents.role })
    .from(agentSessions)
    .innerJoin(agents, eq(agents.id, agentSessions.agentId))
    .where(and(eq(agentSessions.tokenHash, sha256Hex(token)), isNull(agentSessions.revokedAt), gt(agentSessions.expiresAt, now)));
  if (!row || now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await deps.db.update(agentSessions).set({ lastSeenAt: now }).where(eq(agentSessions.id, row.sessionId));
  }
  return { sessionId: row.sessionId, id: row.id, email: row.email, name: row.name, role: row.role };
}

export async function logoutAgent(deps: Pick<Deps, 'db' | 'now'>, agent: SessionAgent): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await tx.update(agentSessions).set({ revokedAt: deps.now() }).where(eq(agentSessions.id, agent.sessionId));
    await appendEvent(tx, { ticketId: null, type: 'logout', actor: agent.email, data: { sessionId: agent.sessionId } });
  });
}
