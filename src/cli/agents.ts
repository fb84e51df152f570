import { normaliseAddress } from '../core/address-identity.ts';
import { generatePassword, hashPassword } from '../adapters/crypto/password.ts';
import { insertAgent, unlockAgent } from '../adapters/db/agents.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { clearLoginLocks } from '../adapters/db/login-throttle.repository.ts';
import { sqlState } from '../adapters/db/errors.ts';
import { newTotpSecret, totpUri } from '../adapters/totp/totp.ts';
import type { Config } from '../config.ts';
import { printJson, productionConfig, UsageError, withApp } from './common.ts';

export interface AgentOptions {
  email: string;
  name: string;
  role: string;
  passwordStdin: boolean;
  totpSecret?: string | undefined;
  /** The demo's published development password; the command line never passes one. */
  password?: string | undefined;
  json: boolean;
}

async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `given`: the configuration to use (the demo passes its own); the environment's when absent. */
export async function agentsCreate(options: AgentOptions, given?: Config): Promise<void> {
  const cfg = productionConfig(given); // the agent's TOTP secret is sealed with SECRETS_KEY
  const email = normaliseAddress(options.email);
  if (!email.ok) throw new UsageError(`--email ${options.email}: not a valid address`);
  if (options.role !== 'agent' && options.role !== 'admin') throw new UsageError('--role is agent or admin');
  const generated = options.passwordStdin || options.password ? null : generatePassword();
  const password = generated ?? options.password ?? (await readPassword());
  if (password.length < 12) throw new UsageError('the password needs at least 12 characters');
  const secret = (options.totpSecret ?? newTotpSecret()).toUpperCase();
  if (!/^[A-Z2-7]{16,}=*$/.test(secret)) throw new UsageError('--totp-secret must be base32, at least 16 characters');
  const passwordHash = await hashPassword(password);
  await withApp(async ({ deps }) => {
    await insertAgent(deps.db, {
      email: email.address,
      name: options.name,
      role: options.role as 'agent' | 'admin',
      passwordHash,
      sealTotp: (id) => deps.secrets.seal(secret, `agent:${id}`),
    }).catch((error: unknown) => {
      if (sqlState(error) === '23505') throw new UsageError(`an agent ${email.address} exists already`);
      throw error;
    });
  }, cfg);
  const result = {
    email: email.address,
    name: options.name,
    role: options.role,
    totpSecret: secret,
    otpauthUri: totpUri(secret, email.address),
    ...(generated ? { password: generated } : {}),
  };
  if (options.json) printJson(result);
  else
    process.stdout.write(
      `agent ${result.email} created\nTOTP secret: ${secret}\nadd it to an authenticator: ${result.otpauthUri}\n${generated ? `password: ${generated}\n` : ''}`,
    );
}

/** `agents unlock --email E`: after an agent's approvals or sign-in locked on wrong codes. */
export async function agentsUnlock(emailArg: string, json: boolean): Promise<void> {
  const email = normaliseAddress(emailArg);
  if (!email.ok) throw new UsageError(`--email ${emailArg}: not a valid address`);
  await withApp(async ({ deps }) => {
    const unlocked = await deps.db.transaction(async (tx) => {
      if (!(await unlockAgent(tx, email.address))) return false;
      await clearLoginLocks(tx, email.address);
      await appendEvent(tx, { ticketId: null, type: 'agent_unlocked', actor: `cli:${process.env.USER ?? 'operator'}`, data: { agent: email.address } });
      return true;
    });
    if (!unlocked) throw new UsageError(`no agent ${email.address}`);
  });
  if (json) printJson({ email: email.address, unlocked: true });
  else process.stdout.write(`agent ${email.address}: approvals and sign-in unlocked\n`);
}
