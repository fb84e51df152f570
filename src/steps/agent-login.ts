// Console login (password + the agent's own TOTP code), server-side sessions, logout.
// Every login, failure and logout is in the audit log (ticketId null).
import { newToken, sha256Hex } from '../adapters/crypto/secrets.ts';
import { hashPassword, verifyPassword } from '../adapters/crypto/password.ts';
import { acceptTotpStep, findAgentByEmail, type AgentRow } from '../adapters/db/agents.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { insertAgentSession, liveSessionOf, revokeSession, touchSession } from '../adapters/db/agent-sessions.repository.ts';
import { clearLoginThrottle, countLoginFailure, findLoginThrottle, lockLogin } from '../adapters/db/login-throttle.repository.ts';
import { verifyTotp } from '../adapters/totp/totp.ts';
import { lowerAscii } from '../core/address-identity.ts';
import { StepError, type Deps } from './deps.ts';

export const LOGIN_LOCK_AFTER = 5;
export const LOGIN_LOCK_MS = 15 * 60_000;
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_MAX_MS = 8 * 3_600_000;

/**
 * The throttle counts failures per login, and per login on a browser the agent signed in from
 * before (`device`, a secret of that browser's signed `rd_device` cookie, bound to the login).
 * Eve knows an agent's address: five wrong passwords from anywhere locked that agent out for 15
 * minutes, again and again, and every agent at once (stop 25). Her guesses now lock only the
 * browsers nobody signed in from; the agent's own browser counts its own failures (five of them
 * lock it too). A browser's key holds the hash of its secret: nobody else can name it.
 */
export function throttleKey(email: string, device: string | null | undefined): string {
  return device ? `${email}\ndevice:${sha256Hex(device)}` : email;
}

export type SessionAgent = Pick<AgentRow, 'id' | 'email' | 'name' | 'role'> & { sessionId: number };

// A wrong email costs as much as a wrong password: no timing oracle for who is an agent.
let decoyHash: Promise<string> | null = null;

export async function loginAgent(
  deps: Pick<Deps, 'db' | 'secrets' | 'now' | 'log'>,
  input: { email: string; password: string; totpCode: string; ip: string; device?: string | null },
): Promise<{ token: string; agent: SessionAgent; expiresAt: Date }> {
  // ASCII-only lower-casing, as everywhere an address is compared: no Kelvin sign folded into k
  const email = loginOf(input.email);
  const now = deps.now();
  const key = throttleKey(email, input.device);
  const throttle = await findLoginThrottle(deps.db, key);
  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    await deps.db.transaction((tx) =>
      appendEvent(tx, {
        ticketId: null,
        type: 'login_refused',
        actor: email || '(empty)',
        data: { reason: 'locked', ip: input.ip, knownBrowser: Boolean(input.device) },
      }),
    );
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
    const failures = await recordLoginFailure(deps, key, now);
    await deps.db.transaction((tx) =>
      appendEvent(tx, {
        ticketId: null,
        type: 'login_failed',
        actor: email || '(empty)',
        data: { reason, failures, locked: failures >= LOGIN_LOCK_AFTER, ip: input.ip, knownBrowser: Boolean(input.device) },
      }),
    );
    throw new StepError('login.failed', 'wrong email, password or code');
  }
  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_MAX_MS);
  const sessionId = await deps.db.transaction(async (tx) => {
    await clearLoginThrottle(tx, key);
    const id = await insertAgentSession(tx, { tokenHash: hash, agentId: agent.id, createdAt: now, lastSeenAt: now, expiresAt });
    await appendEvent(tx, { ticketId: null, type: 'login', actor: agent.email, data: { sessionId: id, ip: input.ip } });
    return id;
  });
  deps.log.info({ agent: agent.email, sessionId }, 'agent logged in');
  return { token, agent: { id: agent.id, email: agent.email, name: agent.name, role: agent.role, sessionId }, expiresAt };
}

/** A login as typed, as matched: trimmed, ASCII letters lower-cased, at most 320 characters. */
export function loginOf(typed: string): string {
  return lowerAscii(typed.trim()).slice(0, 320);
}

async function recordLoginFailure(deps: Pick<Deps, 'db'>, key: string, now: Date): Promise<number> {
  const failures = (await countLoginFailure(deps.db, key, now)) ?? LOGIN_LOCK_AFTER;
  if (failures >= LOGIN_LOCK_AFTER) await lockLogin(deps.db, key, new Date(now.getTime() + LOGIN_LOCK_MS));
  return failures;
}

/** The agent behind a session cookie, or null when it is unknown, revoked, idle or expired. */
export async function sessionAgent(deps: Pick<Deps, 'db' | 'now'>, token: string | undefined): Promise<SessionAgent | null> {
  if (!token || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const now = deps.now();
  const row = await liveSessionOf(deps.db, sha256Hex(token), now);
  if (!row || now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await touchSession(deps.db, row.sessionId, now);
  }
  return { sessionId: row.sessionId, id: row.id, email: row.email, name: row.name, role: row.role };
}

export async function logoutAgent(deps: Pick<Deps, 'db' | 'now'>, agent: SessionAgent): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await revokeSession(tx, agent.sessionId, deps.now());
    await appendEvent(tx, { ticketId: null, type: 'logout', actor: agent.email, data: { sessionId: agent.sessionId } });
  });
}
