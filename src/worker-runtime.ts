// The memory settings a process that reads mail runs with (`worker`, `start`), set by the command itself so that every way
// of starting it gets them: the image (Dockerfile), docker-compose, a systemd unit, `node src/cli.ts worker` (the bench,
// the chaos tests). Two of them cannot be set from inside a running process, so when one is missing the command replaces
// its own process with the same command and the settings (process.execve: same pid, same stdio, nothing runs twice).
//
// - glibc's malloc (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_), read once when the process starts. By default every thread
//   that mallocs (the inspection threads, V8's platform threads, libuv's pool) gets an arena of its own, up to 8 per core,
//   each keeping the memory it freed; and the threshold above which a block is mmapped (then given back to the system
//   when freed) rises with every large block freed, up to 32 MB, so a message's buffers stay in the heap after it. Two
//   arenas and a fixed 256 KiB threshold: peak RSS in a quick bench's burst 273–282 → 242–246 MB, the threads' arenas
//   37 → 8 MB (docs/performance-log.md, "Stop 25").
// - V8's heap limits for the main thread (--max-semi-space-size, --max-old-space-size), read when V8 starts: a small young
//   generation and a bound old one (docs/performance-log.md, "Where issue 15 stands (stop 19)"). The inspection threads have their own
//   (inspect-pool.ts).
// Whatever the environment or the command line already sets is kept: an operator's value wins.

export const MAIL_PROCESS_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '262144',
};

export const MAIL_PROCESS_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--max-old-space-size=192'];

/** The commands that read mail (and so run the inspection threads and hold messages). */
const MAIL_COMMANDS = new Set(['worker', 'start']);

/** What is missing for `command`: environment variables, node flags (none for a command that reads no mail). */
export function missingSettings(
  command: string | undefined,
  env: NodeJS.ProcessEnv,
  execArgv: readonly string[],
): { env: Record<string, string>; flags: string[] } {
  if (!command || !MAIL_COMMANDS.has(command)) return { env: {}, flags: [] };
  const missingEnv = Object.fromEntries(Object.entries(MAIL_PROCESS_ENV).filter(([name]) => env[name] === undefined));
  const given = `${execArgv.join(' ')} ${env.NODE_OPTIONS ?? ''}`;
  // "--max-old-space-size=…" and "--max_old_space_size=…" are the same flag to V8.
  const flags = MAIL_PROCESS_NODE_FLAGS.filter((flag) => {
    const name = flag.split('=')[0]!.replace(/^--/, '');
    return !new RegExp(`(?:^|\\s)--${name.replace(/-/g, '[-_]')}(?:[=\\s]|$)`).test(given);
  });
  return { env: missingEnv, flags };
}

/**
 * Replaces this process with the same command and the missing settings, when a mail command lacks some. Once only (the
 * replaced process has them all, and RECOVERY_DESK_RUNTIME_SET stops any second time); where the runtime cannot replace
 * a process (no process.execve), the command runs with what it was given.
 */
export function ensureMailProcessSettings(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): void {
  if (env.RECOVERY_DESK_RUNTIME_SET === '1' || typeof process.execve !== 'function') return;
  const command = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const missing = missingSettings(command, env, process.execArgv);
  if (Object.keys(missing.env).length === 0 && missing.flags.length === 0) return;
  try {
    process.execve(process.execPath, [process.execPath, ...missing.flags, ...process.execArgv, ...argv.slice(1)], {
      ...env,
      ...missing.env,
      RECOVERY_DESK_RUNTIME_SET: '1',
    });
  } catch {
    // (Not replaced: the command goes on with what it has.)
  }
}
