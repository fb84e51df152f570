// The audit log's hash chain, checked by `recovery-desk audit verify`, and secrets at rest.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { createTestEnv, seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { codeAt, ingest } from '../e2e/console-support.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

async function auditVerify(): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['src/cli.ts', 'audit', 'verify'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: env.config.DATABASE_URL, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Tampering as someone with direct database access would: around the append-only trigger. */
async function asSuperuser(statement: ReturnType<typeof sql>) {
  await env.app.deps.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });
}

describe('audit verify', () => {
  test('a whole approval verifies; an edited row and a removed row are each named', async () => {
    const account = await seedAccount(env, { email: 'sarah@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const agent = await seedAgent(env, 'agent@bpart.test');
    const ticket = await ingest(env, buildMail({ from: 'sarah@northwind.example', body: COMPLETE_REQUEST_EN }));
    await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await codeAt(agent.totpSecret) });
    void account;
    const ok = await auditVerify();
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/audit log ok: \d+ events/);

    // The log refuses edits outright…
    await expect(env.app.deps.db.execute(sql`update ticket_events set actor = 'someone-else' where type = 'approval'`)).rejects.toThrow();
    await expect(env.app.deps.db.execute(sql`delete from ticket_events`)).rejects.toThrow();
    // …and one who goes around that is found.
    const [approval] = await env.app.deps.db.execute<{ id: number }>(sql`select id::int from ticket_events where type = 'approval'`);
    await asSuperuser(sql`update ticket_events set actor = 'someone-else' where id = ${approval!.id}`);
    const edited = await auditVerify();
    expect(edited.code).not.toBe(0);
    expect(edited.stderr).toContain(`audit log broken at ticket_events id ${approval!.id}`);
    expect(edited.stderr).toContain('does not match its hash');

    await asSuperuser(sql`delete from ticket_events where id = ${approval!.id}`);
    const removed = await auditVerify();
    expect(removed.code).not.toBe(0);
    expect(removed.stderr).toMatch(new RegExp(`broken at ticket_events id ${approval!.id + 1}\\b.*does not link`));
  });
});

describe('secrets at rest', () => {
  test('a database dump holds no TOTP secret in clear', async () => {
    const account = await seedAccount(env, { email: 'dump@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const agent = await seedAgent(env, 'dump-agent@bpart.test');
    const { stdout } = await run('pg_dump', ['--data-only', env.config.DATABASE_URL], { maxBuffer: 64 * 1024 * 1024 });
    expect(stdout).toContain('dump@northwind.example'); // the dump is real and has the rows
    expect(stdout).not.toContain(account.totpSecret);
    expect(stdout).not.toContain(agent.totpSecret);
    expect(stdout).not.toContain(agent.password);
  });
});
