// `secrets rotate`: re-seals every TOTP secret (accounts and agents) with the current key, so
// a previous key can be dropped from SECRETS_PREVIOUS_KEYS afterwards.
import { eq, isNotNull } from 'drizzle-orm';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { accounts, agents } from '../adapters/db/schema/index.ts';
import { printJson, productionConfig, withApp } from './common.ts';

export async function secretsRotate(json: boolean): Promise<void> {
  // re-sealing every secret with the published development key would be worse than not rotating
  const cfg = productionConfig();
  await withApp(async ({ deps }) => {
    const box = deps.secrets;
    let resealed = 0;
    await deps.db.transaction(async (tx) => {
      for (const row of await tx.select({ id: accounts.id, secret: accounts.totpSecret }).from(accounts).where(isNotNull(accounts.totpSecret)).for('update')) {
        if (!row.secret || !box.isStale(row.secret)) continue;
        const context = `account:${row.id}`;
        await tx.update(accounts).set({ totpSecret: box.seal(box.open(row.secret, context), context) }).where(eq(accounts.id, row.id));
        resealed += 1;
      }
      for (const row of await tx.select({ id: agents.id, secret: agents.totpSecret }).from(agents).for('update')) {
        if (!box.isStale(row.secret)) continue;
        const context = `agent:${row.id}`;
        await tx.update(agents).set({ totpSecret: box.seal(box.open(row.secret, context), context) }).where(eq(agents.id, row.id));
        resealed += 1;
      }
      await appendEvent(tx, { ticketId: null, type: 'secrets_rotated', actor: `cli:${process.env.USER ?? 'operator'}`, data: { resealed, keyId: deps.config.SECRETS_KEY_ID } });
    });
    if (json) printJson({ resealed, keyId: deps.config.SECRETS_KEY_ID });
    else process.stdout.write(`${resealed} secret(s) re-sealed with key ${deps.config.SECRETS_KEY_ID}\n`);
  }, cfg);
}
