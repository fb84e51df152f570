import { listQuarantined, replayMessage } from '../steps/replay-message.ts';
import { listHeld } from '../steps/held-mail.ts';
import { printJson, UsageError, withApp } from './common.ts';
import { printText } from './terminal.ts';

export async function quarantineList(json: boolean, held = false): Promise<void> {
  if (held) return heldList(json);
  await withApp(async ({ deps }) => {
    const rows = await listQuarantined(deps);
    if (json) return printJson(rows);
    if (rows.length === 0) printText('no quarantined messages\n');
    for (const row of rows)
      printText(
        `${String(row.id).padStart(8)}  ${(row.reason ?? '?').padEnd(20)} ${String(row.size).padStart(9)} B  ${row.receivedAt}  ${row.messageId ?? '(no Message-ID)'}${row.replayable ? '' : '  [purged]'}\n`,
      );
  });
}

/** Mail read but not acted on (throttled, duplicate, replayed), with the reason. */
async function heldList(json: boolean): Promise<void> {
  await withApp(async ({ deps }) => {
    const rows = await listHeld(deps);
    if (json) return printJson(rows);
    if (rows.length === 0) printText('no held messages\n');
    for (const row of rows) {
      printText(
        `${String(row.id).padStart(8)}  ${(row.reason ?? '?').padEnd(34)} ${row.receivedAt}  ${row.fromAddress ?? '(no sender)'}${row.authenticated ? '' : ' (not authenticated)'}${row.ticketRef ? `  ${row.ticketRef}` : ''}\n`,
      );
    }
  });
}

export async function quarantineReplay(ids: string[], json: boolean): Promise<void> {
  const numbers = ids.map((id) => Number(id));
  if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n) || n <= 0))
    throw new UsageError('quarantine replay takes one or more message ids (see quarantine list)');
  await withApp(async ({ deps }) => {
    const results = [];
    for (const id of numbers) results.push(await replayMessage(deps, id, `cli:${process.env.USER ?? 'operator'}`));
    if (json) printJson(results);
    else for (const r of results) printText(`message ${r.messageId} queued again (was: ${r.previousReason})\n`);
  });
}
