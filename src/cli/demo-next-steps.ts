// The demo's last lines: where a newcomer looks next — the console on the demo data, the
// demo agent's login, and a current code for it. Development credentials only (SPEC §7.4).

export interface DemoLogin {
  consoleUrl: string;
  databaseUrl: string;
  agentEmail: string;
  agentPassword: string;
  totpSecret: string;
  otpauthUri: string;
  /** A ticket the demo left ready for review, for the newcomer to approve in the console. */
  readyRef?: string;
}

/** A database URL fit to print: the password, if any, is the reader's own to fill in. */
function printableUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '…';
  return url.toString();
}

export function demoNextSteps(login: DemoLogin, serving: boolean): string[] {
  const codeCommand = `RECOVERY_DESK_ENV=development DATABASE_URL=${printableUrl(login.databaseUrl)} npx recovery-desk agents code --email ${login.agentEmail}`;
  return [
    serving
      ? `The console runs on the demo data at ${login.consoleUrl}/ until Ctrl-C.`
      : `Open the console on the demo data:  npm run demo -- --serve   (then ${login.consoleUrl}/, where a ticket waits in Ready for review)`,
    `Sign in as the demo agent:  ${login.agentEmail}  password: ${login.agentPassword}`,
    `A current code:  ${codeCommand}`,
    `  or add the demo TOTP secret ${login.totpSecret} to an authenticator app (${login.otpauthUri})`,
    '  (each code is accepted once: approving right after signing in takes the next 30-second code)',
    ...(serving && login.readyRef
      ? [
          `Then approve ${login.readyRef} yourself: Ready for review → ${login.readyRef} → a fresh code → Approve 2FA reset (${login.consoleUrl}/tickets/${login.readyRef})`,
        ]
      : []),
  ];
}
