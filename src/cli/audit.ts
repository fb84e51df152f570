import { connectDatabase } from '../adapters/db/client.ts';
import { verifyAuditChain } from '../steps/verify-audit.ts';
import { StepError } from '../steps/deps.ts';
import { config, printJson } from './common.ts';

/** `recovery-desk audit verify [--json]`: exit 0 when the chain holds, non-zero naming the first broken row. */
export async function auditVerify(json: boolean): Promise<void> {
  const database = connectDatabase(config().DATABASE_URL, { max: 1 });
  try {
    const verdict = await verifyAuditChain(database.db);
    if (json) printJson(verdict);
    if (verdict.ok) {
      if (!json) process.stdout.write(`audit log ok: ${verdict.events} events, chain intact\n`);
      return;
    }
    const what =
      verdict.problem === 'hash_mismatch'
        ? 'its content does not match its hash (edited)'
        : verdict.problem === 'unsealed'
          ? 'it could not be sealed into the chain (inserted around it)'
          : 'it does not link to the row before it (a row was removed, inserted or reordered)';
    throw new StepError('audit.broken', `audit log broken at ticket_events id ${verdict.brokenId}: ${what}; the ${verdict.events} events before it verify`);
  } finally {
    await database.close();
  }
}
