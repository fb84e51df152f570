// The demo ends where a newcomer wants to look next (issue 13): the console, the login, a code.
import { describe, expect, test } from 'vitest';
import { demoEnv } from '../../src/cli/demo.ts';
import { demoNextSteps } from '../../src/cli/demo-next-steps.ts';

const login = {
  consoleUrl: 'http://127.0.0.1:8080',
  databaseUrl: 'postgres://root@127.0.0.1:5432/recovery_desk_demo',
  agentEmail: 'agent@bpart.be',
  agentPassword: 'demo-agent-password',
  totpSecret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
  otpauthUri: 'otpauth://totp/recovery-desk:agent%40bpart.be?secret=KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU&issuer=recovery-desk',
};

describe("the demo's last lines", () => {
  test("name the one command that opens the console, the demo agent's login and how to get a code", () => {
    const text = demoNextSteps(login, false).join('\n');
    expect(text).toContain('npm run demo -- --serve');
    expect(text).toContain('http://127.0.0.1:8080/');
    expect(text).toMatch(/agent@bpart\.be\s+password: demo-agent-password/);
    expect(text).toContain(
      'RECOVERY_DESK_ENV=development DATABASE_URL=postgres://root@127.0.0.1:5432/recovery_desk_demo npx recovery-desk agents code --email agent@bpart.be',
    );
    expect(text).toContain('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU');
  });

  test('with --serve they say the console is running until Ctrl-C, instead of how to start it', () => {
    const text = demoNextSteps(login, true).join('\n');
    expect(text).toContain('runs on the demo data at http://127.0.0.1:8080/ until Ctrl-C');
    expect(text).not.toContain('npm run demo -- --serve');
  });

  test("a database password of the reader's own is never printed", () => {
    const text = demoNextSteps({ ...login, databaseUrl: 'postgres://demo:hunter2-secret@db:5432/recovery_desk_demo' }, false).join('\n');
    expect(text).not.toContain('hunter2-secret');
    expect(text).toContain('@db:5432/recovery_desk_demo');
  });

  test('they name the ticket the demo left ready for review, to approve in the console', () => {
    const text = demoNextSteps({ ...login, readyRef: 'REC-2026-000007' }, true).join('\n');
    expect(text).toContain('approve REC-2026-000007 yourself');
    expect(text).toContain('http://127.0.0.1:8080/tickets/REC-2026-000007');
    expect(demoNextSteps(login, true).join('\n')).not.toContain('yourself');
    // without --serve the ref would be another one after the demo runs again with --serve
    expect(demoNextSteps({ ...login, readyRef: 'REC-2026-000007' }, false).join('\n')).not.toContain('REC-2026-000007');
  });
});

describe("the demo's configuration", () => {
  test("the links in its replies open the demo's own console, on the port it was given", () => {
    expect(demoEnv({}).PUBLIC_URL).toBe('http://127.0.0.1:8080');
    expect(demoEnv({ HTTP_PORT: '8093' }).PUBLIC_URL).toBe('http://127.0.0.1:8093');
    expect(demoEnv({ HTTP_PORT: '8093', HTTP_HOST: '0.0.0.0' }).PUBLIC_URL).toBe('http://127.0.0.1:8093');
    // a PUBLIC_URL of a real installation in the environment would send the demo's links there
    expect(demoEnv({ PUBLIC_URL: 'https://recovery.example.com', HTTP_PORT: '8081' }).PUBLIC_URL).toBe('http://127.0.0.1:8081');
  });
});
