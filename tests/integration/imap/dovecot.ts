import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT = process.env.WATCHFLOOR_DOVECOT ?? '/usr/sbin/dovecot';
export const hasDovecot = existsSync(DOVECOT);

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  dir: string;
  /** Drops messages into a mailbox's maildir `new/`, as a delivery agent would. */
  deliver(messages: (string | Buffer)[], mailbox?: string): void;
  /** A logged-in client for arranging the mailbox (create, delete, append). */
  client(): Promise<ImapFlow>;
  /** The JSON a user would put in `channels add imap --config FILE`. */
  config(over?: Record<string, unknown>): Record<string, unknown>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => done(port));
    });
  });
}

/** The uid and gid mail is stored under: the `dovecot` user when we are root (Dovecot refuses uid 0), else ourselves. */
function mailOwner(): { uid: number; gid: number; login: string } {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) return { uid, gid: process.getgid?.() ?? uid, login: process.env.USER ?? String(uid) };
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('dovecot:'));
  if (!line) throw new Error('running as root needs the "dovecot" user that the dovecot-core package creates');
  const [, , u, g] = line.split(':');
  return { uid: Number(u), gid: Number(g), login: 'dovecot' };
}

/**
 * A real Dovecot on loopback with one passwd-file user and maildir storage, all inside a temp
 * folder, in the foreground so it is stopped by its pid.
 */
export async function startDovecot(opts: { user?: string; password?: string } = {}): Promise<Dovecot> {
  const user = opts.user ?? 'support@watchfloor.test';
  const password = opts.password ?? `pw-${randomBytes(6).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'wf-dovecot-'));
  chmodSync(dir, 0o755); // The auth process runs as another user and must reach the users file.
  const owner = mailOwner();
  const home = join(dir, 'home', user);
  for (const d of ['run', 'state', 'home']) mkdirSync(join(dir, d), { recursive: true });
  const port = await freePort();
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  writeFileSync(
    join(dir, 'dovecot.conf'),
    [
      'protocols = imap',
      'listen = 127.0.0.1',
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      `default_internal_user = ${owner.login}`,
      `default_login_user = ${owner.login}`,
      'first_valid_uid = 1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_failure_delay = 0',
      'mail_location = maildir:~/Maildir',
      'service imap-login {',
      '  inet_listener imap {',
      `    port = ${port}`,
      '  }',
      '}',
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN ${dir}/users`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${owner.uid} gid=${owner.gid} home=${dir}/home/%u`,
      '}',
      '',
    ].join('\n'),
  );
  const maildir = (mailbox: string) => join(home, 'Maildir', mailbox === 'INBOX' ? '' : `.${mailbox}`);
  const ensureMaildir = (mailbox: string) => {
    for (const sub of ['', 'cur', 'new', 'tmp']) {
      const d = join(maildir(mailbox), sub);
      mkdirSync(d, { recursive: true });
      chownSync(d, owner.uid, owner.gid);
    }
    for (const d of [join(dir, 'home'), home]) chownSync(d, owner.uid, owner.gid);
  };
  ensureMaildir('INBOX');

  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  await waitForPort(port, child, () => stderr);
  let seq = 0;

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    dir,
    deliver(messages, mailbox = 'INBOX') {
      ensureMaildir(mailbox);
      for (const m of messages) {
        const name = `${Date.now()}.M${seq++}P${process.pid}.watchfloor-test`;
        const file = join(maildir(mailbox), 'new', name);
        writeFileSync(file, m);
        chownSync(file, owner.uid, owner.gid);
      }
    },
    async client() {
      const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
      c.on('error', () => undefined);
      await c.connect();
      return c;
    },
    config(over = {}) {
      return { host: '127.0.0.1', port, secure: false, user, password, mailboxes: ['INBOX'], ...over };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((done) => child.once('exit', () => done()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}: ${stderr()}`);
    const ok = await new Promise<boolean>((done) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        done(true);
      });
      s.once('error', () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`dovecot did not listen on ${port} within 10 s: ${stderr()}`);
}
