// `agents code --email E`: the agent's current TOTP code, for trying the console on a
// development installation without an authenticator app. Never in production: there the
// code must come from the agent's own device, or the second factor means nothing.
import { findAgentByEmail } from '../adapters/db/agents.repository.ts';
import { totpCode } from '../adapters/totp/totp.ts';
import { normaliseAddress } from '../core/address-identity.ts';
import { config, printJson, UsageError, withApp } from './common.ts';

export async function agentsCode(emailArg: string, json: boolean): Promise<void> {
  const cfg = config();
  if (cfg.RECOVERY_DESK_ENV !== 'development') {
    throw new UsageError(
      "agents code prints a current TOTP code only with RECOVERY_DESK_ENV=development; in production, read the code from the agent's authenticator app",
    );
  }
  const email = normaliseAddress(emailArg);
  if (!email.ok) throw new UsageError(`--email ${emailArg}: not a valid address`);
  const { code, secondsLeft } = await withApp(async ({ deps }) => {
    const agent = await findAgentByEmail(deps.db, email.address);
    if (!agent) throw new UsageError(`no agent ${email.address}`);
    const secret = deps.secrets.open(agent.totpSecret, `agent:${agent.id}`);
    return { code: await totpCode(secret), secondsLeft: 30 - (Math.floor(Date.now() / 1000) % 30) };
  }, cfg);
  if (json) printJson({ email: email.address, code, secondsLeft });
  else process.stdout.write(`${code}\n`);
  // each code is accepted once (replay protection): the next one comes with the next 30 s step
  if (!json) process.stderr.write(`valid for ${secondsLeft} s more; a code is accepted once, the next one comes after that\n`);
}
