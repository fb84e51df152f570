// `secrets rotate`: re-seals every TOTP secret (accounts and agents) with the current key, so
// a previous key can be dropped from SECRETS_PREVIOUS_KEYS afterwards.
import { lockAccountSecrets, setAccountSecret } from '../adapters/db/accounts.repository.ts';
import { lockAgentSecrets, setAgentSecret } from '../adapters/db/agents.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { printJson, productionConfig, withApp } from './common.ts';

export async function secretsRotate(json: boolean): Promise<void> {
  // re-sealing every secret with the published development key would be worse than not rotating
  const cfg = productionConfig();
  await withApp(async ({ deps }) => {
    const box = deps.secrets;
    let resealed = 0;
    await deps.db.transaction(async (tx) => {
      for (const row of await lockAccountSecrets(tx)) {
        if (!row.secret || !box.isStale(row.secret)) continue;
        const context = `account:${row.id}`;
        await setAccountSecret(tx, row.id, box.seal(box.open(row.secret, context), context));
        resealed += 1;
      }
      for (const row of await lockAgentSecrets(tx)) {
        if (!box.isStale(row.secret)) continue;
        const context = `agent:${row.id}`;
        await setAgentSecret(tx, row.id, box.seal(box.open(row.secret, context), context));
        resealed += 1;
      }
      await appendEvent(tx, {
        ticketId: null,
        type: 'secrets_rotated',
        actor: `cli:${process.env.USER ?? 'operator'}`,
        data: { resealed, keyId: deps.config.SECRETS_KEY_ID },
      });
    });
    if (json) printJson({ resealed, keyId: deps.config.SECRETS_KEY_ID });
    else process.stdout.write(`${resealed} secret(s) re-sealed with key ${deps.config.SECRETS_KEY_ID}\n`);
  }, cfg);
}
