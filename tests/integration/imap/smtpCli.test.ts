import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEmailReply } from '../../../src/main/core/channels/imap/sendReply';
import { ChangeBus } from '../../../src/main/core/context';
import { envOrFileKeyProvider } from '../../../src/main/core/secrets/keyProvider';
import { openDb } from '../../../src/main/core/store/db';
import { run } from '../spawn';
import { hasDovecot, startDovecot, type Dovecot } from './dovecot';
import { mail } from './mail';
import { startSmtpSink, type SmtpSink } from './smtpSink';

const CLI = 'src/main/cli/main.ts';
const RELAY_PASSWORD = 'relay-horse-staple-77';

describe.skipIf(!hasDovecot)('channels add imap with an SMTP server of its own login', () => {
  let dv: Dovecot;
  let sink: SmtpSink;
  let dir: string;
  let dataDir: string;
  const smtp = (over: Record<string, unknown> = {}) => ({
    host: '127.0.0.1',
    port: sink.port,
    secure: false,
    user: 'relay@watchfloor.test',
    password: RELAY_PASSWORD,
    from: 'support@watchfloor.test',
    ...over,
  });
  const add = (name: string, config: unknown) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(config));
    return run(CLI, ['channels', 'add', 'imap', '--data-dir', dataDir, '--name', name, '--config', file]);
  };

  beforeAll(async () => {
    dv = await startDovecot();
    sink = await startSmtpSink({ users: { 'relay@watchfloor.test': RELAY_PASSWORD } });
    dv.deliver([mail({ messageId: '<smtp-cli-1@acme.example>', subject: 'Invoices missing', body: 'No invoices this month.' })]);
    dir = mkdtempSync(join(tmpdir(), 'wf-smtp-cli-'));
    dataDir = join(dir, 'ws');
    expect((await run(CLI, ['init', '--data-dir', dataDir])).code).toBe(0);
  });
  afterAll(async () => {
    await sink?.stop();
    await dv?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names an unknown key inside the smtp block', async () => {
    const r = await add('Bad', { ...dv.config(), smtp: smtp({ tls: true }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown key "smtp\.tls".*nothing was stored/);
  });

  it("refuses an SMTP login the server refuses, in the server's words, storing nothing", async () => {
    const r = await add('Wrong', { ...dv.config(), smtp: smtp({ password: 'not-the-relay-pw' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SMTP server 127\.0\.0\.1:\d+ refused the login for relay@watchfloor\.test: .*535.*nothing was stored/);
    expect(r.stdout + r.stderr).not.toContain('not-the-relay-pw');
    expect((await run(CLI, ['channels', 'list', '--data-dir', dataDir])).stdout).toBe('');
  });

  it('stores the SMTP password sealed beside the IMAP one and sends with it', async () => {
    const added = await add('Support', { ...dv.config(), smtp: smtp() });
    expect(added.code).toBe(0);
    const channel = JSON.parse(added.stdout) as { id: number; config: Record<string, unknown> };
    expect(channel.config.smtp).toEqual({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      user: 'relay@watchfloor.test',
      from: 'support@watchfloor.test',
    });
    expect(added.stdout + added.stderr).not.toContain(RELAY_PASSWORD);
    for (const f of ['watchfloor.db', 'watchfloor.db-wal']) {
      try {
        expect(readFileSync(join(dataDir, f)).includes(Buffer.from(RELAY_PASSWORD))).toBe(false);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    expect((await run(CLI, ['sync', '--data-dir', dataDir, '--once'])).code).toBe(0);

    const db = openDb(dataDir, { create: false });
    try {
      const ctx = { db, bus: new ChangeBus(), now: Date.now };
      const conv = db.prepare(`SELECT id FROM conversations WHERE external_id = '<smtp-cli-1@acme.example>'`).get() as { id: number };
      await sendEmailReply(ctx, conv.id, { text: 'We are re-sending the invoices today.' }, { keys: envOrFileKeyProvider({ dataDir }) });
    } finally {
      db.close();
    }
    const got = sink.received.at(-1)!;
    expect(got.user).toBe('relay@watchfloor.test');
    expect(got.to).toEqual(['dana@acme.example']);
    const parsed = await simpleParser(got.raw);
    expect(parsed.subject).toBe('Re: Invoices missing');
    expect(parsed.inReplyTo).toBe('<smtp-cli-1@acme.example>');
  });
});
