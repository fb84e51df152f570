// Runs the doctor's checks: all at once, each under its own time limit, so a failed or hung
// check never stops the others; the report keeps the checks' order.
import { blockedBy, buildReport, fail, timedOut, toResult, type DoctorReport, type Outcome } from '../core/doctor.ts';

export interface Check {
  name: string;
  /** The variables it needs: when the configuration check rejected one, it is not run. */
  uses?: readonly string[];
  run(): Promise<Outcome>;
}

export const CHECK_TIMEOUT_MS = 5_000;

export async function runDoctor(checks: Check[], options: { invalid?: readonly string[]; timeoutMs?: number } = {}): Promise<DoctorReport> {
  const limit = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  const results = await Promise.all(
    checks.map(async (check) => {
      const started = performance.now();
      const blocked = blockedBy(options.invalid ?? [], check.uses ?? []);
      const outcome = blocked ?? (await within(limit, check));
      return toResult(check.name, outcome, performance.now() - started);
    }),
  );
  return buildReport(results);
}

async function within(limit: number, check: Check): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve(timedOut(limit)), limit);
  });
  try {
    const running = Promise.resolve()
      .then(() => check.run())
      .catch((error: Error) => fail(`unexpected error: ${error.message}`, 'run again with DEBUG_STACK=1 and report it'));
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
