import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { loginThrottle } from './schema/index.ts';

export async function findLoginThrottle(db: DbOrTx, email: string) {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.email, email));
  return row ?? null;
}

/** Counts a failed login; an old lock that ran out starts a fresh count. Returns the new count, or null. */
export async function countLoginFailure(db: DbOrTx, email: string, now: Date): Promise<number | null> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(loginThrottle)
    .values({ email, failures: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: loginThrottle.email,
      set: {
        failures: sql`case when ${loginThrottle.lockedUntil} is not null and ${loginThrottle.lockedUntil} <= ${at} then 1 else ${loginThrottle.failures} + 1 end`,
        lockedUntil: sql`case when ${loginThrottle.lockedUntil} is not null and ${loginThrottle.lockedUntil} <= ${at} then null else ${loginThrottle.lockedUntil} end`,
        updatedAt: now,
      },
    })
    .returning({ failures: loginThrottle.failures });
  return row?.failures ?? null;
}

export async function lockLogin(db: DbOrTx, email: string, until: Date): Promise<void> {
  await db.update(loginThrottle).set({ lockedUntil: until }).where(eq(loginThrottle.email, email));
}

export async function clearLoginThrottle(db: DbOrTx, email: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.email, email));
}

/** Every lock of a login: the one per address and each of the agent's own browsers (agent-login.ts, throttleKey). */
export async function clearLoginLocks(db: DbOrTx, email: string): Promise<void> {
  await db.delete(loginThrottle).where(sql`${loginThrottle.email} = ${email} or starts_with(${loginThrottle.email}, ${`${email}\ndevice:`})`);
}
