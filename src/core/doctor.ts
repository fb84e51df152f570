// `recovery-desk doctor` (SPEC §7.1): what one check found, and the report built from all of
// them. Pure: the checks themselves live in adapters/health/checks, the runner in steps/doctor.

/** What a check found: passed, skipped (with why), or failed with the fix an operator applies. */
export type Outcome = { status: 'pass' | 'skip'; detail: string } | { status: 'fail'; detail: string; fix: string };

export interface CheckResult {
  name: string;
  /** True when the check passed or was skipped (a skip is not a failure: nothing to fix). */
  ok: boolean;
  detail: string;
  fix?: string;
  ms: number;
  skipped?: true;
}

export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
}

export const pass = (detail: string): Outcome => ({ status: 'pass', detail });
export const skip = (detail: string): Outcome => ({ status: 'skip', detail });
export const fail = (detail: string, fix: string): Outcome => ({ status: 'fail', detail, fix });

/** Hides the credentials of every URL in a text: scheme://user:secret@host → scheme://user:***@host. */
export function maskSecrets(text: string): string {
  return text.replace(
    /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(:[^\s/@]*)?@/gi,
    (_, scheme: string, user: string, pass?: string) => `${scheme}${user}${pass ? ':***' : ''}@`,
  );
}

export function toResult(name: string, outcome: Outcome, ms: number): CheckResult {
  const result: CheckResult = { name, ok: outcome.status !== 'fail', detail: maskSecrets(outcome.detail), ms: Math.round(ms) };
  if (outcome.status === 'fail') result.fix = maskSecrets(outcome.fix);
  if (outcome.status === 'skip') result.skipped = true;
  return result;
}

/** A check that needs a variable the configuration check rejected cannot say anything useful. */
export function blockedBy(invalid: readonly string[], uses: readonly string[]): Outcome | null {
  const bad = uses.filter((variable) => invalid.includes(variable));
  if (bad.length === 0) return null;
  return fail(`not checked: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} invalid`, `fix ${bad.join(', ')} first (see the configuration check)`);
}

export function timedOut(ms: number): Outcome {
  return fail(`no answer within ${formatSeconds(ms)}`, 'the service hangs or a firewall drops the connection: check the host, the port and the network path');
}

export function buildReport(checks: CheckResult[]): DoctorReport {
  return { ok: checks.every((check) => check.ok), checks };
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** One line per check, in order, the fix on the same line; then one line of summary. */
export function formatReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((check) => check.name.length));
  const lines = report.checks.map((check) => {
    const mark = check.skipped ? 'skip' : check.ok ? ' ok ' : 'FAIL';
    const fix = check.fix ? ` — fix: ${check.fix}` : '';
    return `[${mark}] ${check.name.padEnd(width)}  ${check.detail}${fix} (${check.ms} ms)`;
  });
  const failed = report.checks.filter((check) => !check.ok).length;
  lines.push(failed === 0 ? `all ${report.checks.length} checks passed` : `${failed} of ${report.checks.length} checks failed`);
  return `${lines.join('\n')}\n`;
}
