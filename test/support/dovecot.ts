// A real Dovecot IMAP server per test file, from a configuration of its own (SPEC §8):
// base and state directories in a temp folder, passwd-file users whose mail belongs to the
// system user `mail`, no TLS, one imap listener on 127.0.0.1 at a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { currentRunId } from './run.ts';
import { waitFor } from './wait.ts';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface Dovecot {
  host: '127.0.0.1';
  port: number;
  users: DovecotUser[];
  /** The temp folder holding configuration, run/, state/, home/ and dovecot.log. */
  dir: string;
  logFile: string;
  /** imap://user:pass@127.0.0.1:port/INBOX, user and password percent-encoded (support%40bpart.test). */
  imapUrl(user?: string, mailbox?: string): string;
  /** An imapflow client for a user (default: the first), not yet connected, without auto-IDLE; its errors reject its calls. */
  client(user?: string): ImapFlow;
  /** APPENDs a raw message with imapflow, as the given user (default: the first user), creating `mailbox` (default INBOX) if missing. */
  append(user: string | undefined, raw: Buffer | string, flags?: string[], mailbox?: string): Promise<void>;
  /** Runs `fn` on a connected client of a user (default: the first), logged out after. */
  session<T>(fn: (client: ImapFlow) => Promise<T>, user?: string): Promise<T>;
  /** APPENDs each message with the internal date given (the server's clock when none), creating `mailbox` if missing. */
  appendDated(mailbox: string, messages: { raw: Buffer | string; at?: Date }[], user?: string): Promise<void>;
  /** Dovecot's log so far (for a failing test's message). */
  readLog(): Promise<string>;
  /** Kills the master (pid in run/master.pid), waits for it to exit, removes the temp folder. */
  stop(): Promise<void>;
  /** Stops and starts again on the same port with the same maildirs. */
  restart(): Promise<void>;
}

export interface StartDovecotOptions {
  /** Default: one user, support@bpart.test, with a random password. */
  users?: DovecotUser[];
}

export const DEFAULT_DOVECOT_USER = 'support@bpart.test';

const DOVECOT_BIN = existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : 'dovecot';
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;

/** Dovecot masters started by this process, killed when it exits if a test forgot stop(). */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startDovecot(opts: StartDovecotOptions = {}): Promise<Dovecot> {
  if (process.getuid?.() !== 0) {
    throw new Error('startDovecot: needs root (Dovecot serves mail as the system user `mail`); run the tests as root');
  }
  if (DOVECOT_BIN === 'dovecot' && !(await commandExists('dovecot'))) {
    throw new Error('startDovecot: dovecot is not installed; run `bash scripts/setup.sh` (apt-get install dovecot-imapd)');
  }
  const users = (opts.users ?? [{ user: DEFAULT_DOVECOT_USER, password: randomBytes(12).toString('hex') }]).map((u) => ({ ...u }));
  if (users.length === 0) throw new Error('startDovecot: at least one user is needed');
  for (const { user, password } of users) {
    if (!/^[^\s:/]+$/.test(user) || !/^[^\s:]+$/.test(password)) {
      throw new Error(`startDovecot: user names and passwords may not hold whitespace or ':' (user ${JSON.stringify(user)})`);
    }
  }
  const { uid, gid } = systemUser('mail');

  const dir = await mkdtemp(join(tmpdir(), `${currentRunId()}_dovecot_`));
  try {
    // Dovecot's unprivileged processes (auth as `dovecot`, imap as `mail`) must traverse it.
    await chmod(dir, 0o755);
    await mkdir(join(dir, 'run'));
    await mkdir(join(dir, 'state'));
    await mkdir(join(dir, 'home'));
    const lines: string[] = [];
    for (const [index, { user, password }] of users.entries()) {
      const home = join(dir, 'home', `${index + 1}-${user.toLowerCase()}`);
      await mkdir(home);
      await chown(home, uid, gid);
      lines.push(`${user}:{PLAIN}${password}:${uid}:${gid}::${home}::`);
    }
    await writeFile(join(dir, 'passwd'), `${lines.join('\n')}\n`, { mode: 0o644 });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const server = new DovecotProcess(dir, uid, gid);
  try {
    // A free port found by binding port 0 can be taken before Dovecot binds it: try again.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        await server.start(port);
        break;
      } catch (error) {
        if (attempt >= 5 || !/address already in use/i.test(String(error))) throw error;
      }
    }
  } catch (error) {
    await server.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const find = (user: string | undefined): DovecotUser => {
    const found = user === undefined ? users[0] : users.find((u) => u.user === user);
    if (!found) throw new Error(`Dovecot: no such test user ${user}`);
    return found;
  };
  let stopped = false;

  const clientOf = (user: string | undefined): ImapFlow => {
    const u = find(user);
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: server.port,
      secure: false,
      auth: { user: u.user, pass: u.password },
      logger: false,
      disableAutoIdle: true,
    });
    client.on('error', () => {}); // a failure rejects connect() and the calls after it
    return client;
  };
  const session = async <T>(fn: (client: ImapFlow) => Promise<T>, user?: string): Promise<T> => {
    const client = clientOf(user);
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };
  return {
    host: '127.0.0.1',
    get port() {
      return server.port;
    },
    users,
    dir,
    logFile: join(dir, 'dovecot.log'),
    imapUrl(user, mailbox = 'INBOX') {
      const u = find(user);
      return `imap://${encodeURIComponent(u.user)}:${encodeURIComponent(u.password)}@127.0.0.1:${server.port}/${encodeURIComponent(mailbox)}`;
    },
    client: clientOf,
    async append(user, raw, flags = [], mailbox = 'INBOX') {
      await session(async (client) => {
        // Like delivery with Sieve's `fileinto :create`: a mailbox other than INBOX is made when missing.
        if (mailbox.toUpperCase() !== 'INBOX') await client.mailboxCreate(mailbox); // created: false when it exists
        const result = await client.append(mailbox, raw, flags);
        if (!result) throw new Error(`Dovecot: APPEND to ${mailbox} as ${find(user).user} failed`);
      }, user);
    },
    session,
    async appendDated(mailbox, messages, user) {
      await session(async (client) => {
        await client.mailboxCreate(mailbox).catch(() => undefined);
        for (const { raw, at } of messages) {
          if (!(await client.append(mailbox, typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw, [], at))) throw new Error('APPEND failed');
        }
      }, user);
    },
    readLog() {
      return readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await server.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async restart() {
      if (stopped) throw new Error('Dovecot: restart() after stop()');
      await server.stop();
      // The same port: Dovecot binds with SO_REUSEADDR, so only a stranger taking it meanwhile stops us.
      await waitFor(
        async () => {
          try {
            await server.start(server.port);
            return true;
          } catch (error) {
            if (!/address already in use/i.test(String(error))) throw error;
            return false;
          }
        },
        { timeoutMs: 10_000, intervalMs: 200, what: `Dovecot to start again on port ${server.port}` },
      );
    },
  };
}

/** One Dovecot master process (`dovecot -F -c FILE`) and its configuration. */
class DovecotProcess {
  port = 0;
  private child: ChildProcess | undefined;
  private readonly dir: string;
  private readonly uid: number;
  private readonly gid: number;

  constructor(dir: string, uid: number, gid: number) {
    this.dir = dir;
    this.uid = uid;
    this.gid = gid;
  }

  async start(port: number): Promise<void> {
    this.port = port;
    const configFile = join(this.dir, 'dovecot.conf');
    await writeFile(configFile, dovecotConfig(this.dir, port, this.uid, this.gid));
    const stderrFile = join(this.dir, 'master.stderr');
    const stderrFd = openSync(stderrFile, 'w');
    // -F keeps the master in the foreground as our child: we reap it (PID 1 on these machines
    // does not reap orphans, so a daemonized master would stay a zombie) and see it exit.
    const child = spawn(DOVECOT_BIN, ['-F', '-c', configFile], { stdio: ['ignore', stderrFd, stderrFd] });
    closeSync(stderrFd);
    this.child = child;
    running.add(child);
    installExitHook();
    let exited: string | undefined;
    child.once('exit', (code, signal) => {
      running.delete(child);
      exited = `exited with ${signal ?? `code ${code}`}`;
    });
    child.once('error', (error) => {
      running.delete(child);
      exited = `could not be started: ${error.message}`;
    });
    child.unref(); // a forgotten stop() must not keep the test worker alive

    try {
      await waitFor(
        async () => {
          if (exited) {
            const stderr = await readFile(stderrFile, 'utf8').catch(() => '');
            const logTail = (await readFile(join(this.dir, 'dovecot.log'), 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
            throw new Error(`Dovecot ${exited}: ${stderr.trim()}\n${logTail}`.trim());
          }
          return (await greets(port)) || undefined;
        },
        { timeoutMs: START_TIMEOUT_MS, intervalMs: 50, what: `Dovecot to answer "* OK" on 127.0.0.1:${port}` },
      );
    } catch (error) {
      await this.stop().catch(() => {});
      throw error;
    }
  }

  /** Kills the master named in run/master.pid and waits for it to exit; the temp folder stays. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    const pidFile = join(this.dir, 'run', 'master.pid');
    if (!child || child.pid === undefined) return;
    const hasExited = () => child.exitCode !== null || child.signalCode !== null;
    if (!hasExited()) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.ref();
      try {
        // master.pid names our child (-F): check, so that a stale file never kills a stranger.
        const fromFile = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
        const pid = fromFile === child.pid ? fromFile : child.pid;
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // exited meanwhile
        }
        const timedOut = await Promise.race([
          exited.then(() => false),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(true), STOP_TIMEOUT_MS).unref()),
        ]);
        if (timedOut) {
          child.kill('SIGKILL');
          await exited;
        }
      } finally {
        child.unref();
      }
    }
    await rm(pidFile, { force: true });
  }
}

function dovecotConfig(dir: string, port: number, uid: number, gid: number): string {
  return `# Written by test/support/dovecot.ts for one test server (Dovecot 2.3 syntax).
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = ${dir.split('/').pop()}
protocols = imap
listen = 127.0.0.1
shutdown_clients = yes

log_path = ${dir}/dovecot.log

ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
auth_verbose = yes

# Mail belongs to the system user mail (uid ${uid}); Dovecot refuses uids below 500 unless told.
first_valid_uid = ${uid}
first_valid_gid = ${gid}
mail_location = maildir:~/Maildir
# Tests open many sessions for one user from 127.0.0.1 (the default allows 10).
mail_max_userip_connections = 1000
# IDLE is woken by inotify; this is only the fallback where inotify is not available.
mailbox_idle_check_interval = 1 secs

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}

namespace inbox {
  inbox = yes
  mailbox Drafts {
    special_use = \\Drafts
  }
  mailbox Junk {
    special_use = \\Junk
  }
  mailbox Trash {
    special_use = \\Trash
  }
  mailbox Sent {
    special_use = \\Sent
  }
}

# No per-IP auth penalty: after a failed login Dovecot otherwise delays the next logins
# from 127.0.0.1 by seconds (tests fail logins on purpose). No socket, no penalty.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
}

/** Connects, and resolves true when the server's first line is "* OK". */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let data = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.includes('\n')) done(data.startsWith('* OK'));
    });
    socket.on('end', () => done(false));
  });
}

/** A port that was free a moment ago on 127.0.0.1 (bind port 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function systemUser(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const fields = line?.split(':');
  if (!fields || fields.length < 4) throw new Error(`startDovecot: no system user ${name} in /etc/passwd`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

async function commandExists(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    child.on('exit', (code) => resolve(code === 0));
    child.on('error', () => resolve(false));
  });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGTERM');
      } catch {
        // gone
      }
    }
  });
}
