import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { normaliseAddress } from '../core/address-identity.ts';
import { findAccountByEmail, upsertAccount } from '../adapters/db/accounts.repository.ts';
import type { Config } from '../config.ts';
import { config, printJson, productionConfig, UsageError, withApp } from './common.ts';
import { printText } from './terminal.ts';

const AccountFile = z.array(
  z.object({
    email: z.string().min(3),
    fullName: z.string().trim().min(1),
    organisations: z.array(z.string().trim().min(1)).default([]),
    totpSecret: z
      .string()
      .trim()
      .regex(/^[A-Z2-7]+=*$/i, 'a base32 TOTP secret')
      .nullable()
      .optional(),
    recoveryCodes: z.array(z.string()).default([]),
    /** When the account's email last changed: a recent change is a signal for agents. */
    emailChangedAt: z.iso.datetime({ offset: true }).optional(),
  }),
);

/** `given`: the configuration to use (the demo passes its own); the environment's when absent. */
export async function accountsImport(file: string, given?: Config): Promise<void> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'a directory: give the JSON file' : error.message}`,
    );
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON: expected [{ "email", "fullName", "organisations": [..], "totpSecret" }]`);
  }
  const parsed = AccountFile.safeParse(json);
  if (!parsed.success) {
    throw new UsageError(`${file}: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`);
  }
  const cfg = productionConfig(given); // the TOTP secrets are sealed with SECRETS_KEY
  await withApp(async ({ deps }) => {
    let count = 0;
    for (const account of parsed.data) {
      const email = normaliseAddress(account.email);
      if (!email.ok) throw new UsageError(`${account.email}: not a usable address (${email.reason})`);
      await deps.db.transaction((tx) =>
        upsertAccount(tx, {
          email: email.address,
          fullName: account.fullName,
          organisations: account.organisations,
          recoveryCodes: account.recoveryCodes,
          emailChangedAt: account.emailChangedAt ? new Date(account.emailChangedAt) : null,
          sealedTotpSecret: (id) => (account.totpSecret ? deps.secrets.seal(account.totpSecret.toUpperCase(), `account:${id}`) : null),
        }),
      );
      count += 1;
    }
    process.stderr.write(`imported ${count} account(s)\n`);
  }, cfg);
}

export async function accountsShow(emailArg: string, json: boolean, cfg: Config = config()): Promise<void> {
  const email = normaliseAddress(emailArg);
  if (!email.ok) throw new UsageError(`${emailArg}: not a valid address`);
  await withApp(async ({ deps }) => {
    const account = await findAccountByEmail(deps.db, email.address);
    if (!account) throw new UsageError(`no account ${email.address}: import it with 'recovery-desk accounts import FILE.json'`);
    const view = {
      email: account.email,
      fullName: account.fullName,
      organisations: account.organisations,
      totpEnabled: account.totpSecret !== null,
      recoveryCodes: account.recoveryCodes.length,
      mustEnrolTotp: account.mustEnrolTotp,
      recoveryLockedUntil: account.recoveryLockedUntil?.toISOString() ?? null,
    };
    if (json) printJson(view);
    else printText(`${view.email}  ${view.fullName}  [${view.organisations.join(', ')}]  2FA ${view.totpEnabled ? 'on' : 'off'}\n`);
  }, cfg);
}
