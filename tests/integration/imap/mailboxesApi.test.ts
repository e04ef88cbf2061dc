import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/core/api/dispatch';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { readChannelSecret } from '../../../src/main/core/secrets/channelSecrets';
import { hasDovecot, startDovecot, type Dovecot } from './dovecot';
import { world, type World } from './world';

/** The channels view's calls — test, add, edit — against a real Dovecot, through the contract's door. */
describe.skipIf(!hasDovecot)('mailboxes from the app', () => {
  let dv: Dovecot;
  let w: World;
  let call: (name: string, input: unknown) => Promise<unknown>;
  const changed: string[] = [];

  beforeAll(async () => {
    dv = await startDovecot();
    w = world();
    const handlers = createHandlers(w.ctx, {
      channelsChanged: () => changed.push('channels'),
      syncNow: () => undefined,
      keys: () => w.keys,
    });
    call = async (name, input) => dispatch(handlers, name, input, { actor: 'priya', role: 'admin', host: 'server' });
  });
  afterAll(async () => {
    w?.close();
    await dv?.stop();
  });

  const settings = () => {
    const { host, port, secure, user, mailboxes } = dv.config() as {
      host: string;
      port: number;
      secure: boolean;
      user: string;
      mailboxes: string[];
    };
    return { host, port, secure, user, mailboxes };
  };

  it('tests a login without storing anything, and says in words why one is refused', async () => {
    expect(await call('mailboxes.test', { settings: settings(), password: dv.password })).toMatchObject({
      ok: true,
      message: expect.stringContaining('opened INBOX'),
    });
    const refused = (await call('mailboxes.test', { settings: settings(), password: 'wrong-horse' })) as { ok: boolean; message: string };
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/refused the login/);
    expect(refused.message).not.toContain('wrong-horse');
    const missing = (await call('mailboxes.test', { settings: { ...settings(), mailboxes: ['Nope'] }, password: dv.password })) as {
      ok: boolean;
      message: string;
    };
    expect(missing).toMatchObject({ ok: false, message: expect.stringMatching(/Nope/) });
    expect(w.count('SELECT count(*) AS n FROM channels WHERE kind = ?', 'email')).toBe(0);
    await expect(call('mailboxes.test', { settings: { ...settings(), port: 0 }, password: 'x' })).rejects.toMatchObject({
      code: 'bad_input',
      path: 'settings.port',
    });
    await expect(call('mailboxes.test', { settings: settings() })).rejects.toMatchObject({ path: 'password' });
  });

  it('adds a mailbox with its password sealed, shows its settings without it, and edits it keeping the password', async () => {
    await expect(call('mailboxes.add', { name: 'Support', settings: settings(), password: 'wrong-horse' })).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/server refused/),
    });
    const { id } = (await call('mailboxes.add', { name: 'Support', settings: settings(), password: dv.password })) as { id: number };
    expect(changed).toContain('channels');
    expect(readChannelSecret(w.ctx.db, w.keys, id)).toBe(dv.password);
    const stored = w.ctx.db.prepare('SELECT config, secret FROM channels WHERE id = ?').get(id) as { config: string; secret: Buffer };
    expect(stored.config).not.toContain(dv.password);
    expect(stored.secret.toString('latin1')).not.toContain(dv.password);
    expect(await call('mailboxes.get', { id })).toEqual(settings());
    await expect(call('mailboxes.add', { name: 'Support', settings: settings(), password: dv.password })).rejects.toMatchObject({
      code: 'conflict',
    });

    // A blank password on an existing channel means the stored one.
    expect(await call('mailboxes.test', { id, settings: settings() })).toMatchObject({ ok: true });
    await call('mailboxes.update', { id, name: 'Support inbox', settings: settings() });
    expect((w.ctx.db.prepare('SELECT name FROM channels WHERE id = ?').get(id) as { name: string }).name).toBe('Support inbox');
    expect(readChannelSecret(w.ctx.db, w.keys, id)).toBe(dv.password);
    await expect(
      call('mailboxes.update', { id, name: 'Support inbox', settings: settings(), password: 'wrong-horse' }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/server refused/),
    });
    expect(readChannelSecret(w.ctx.db, w.keys, id)).toBe(dv.password);
  });

  it('refuses to store passwords on a host without the workspace key', async () => {
    const handlers = createHandlers(w.ctx);
    const adding = (async () =>
      dispatch(
        handlers,
        'mailboxes.add',
        { name: 'X', settings: settings(), password: 'p' },
        { actor: 'a', role: 'admin', host: 'server' },
      ))();
    await expect(adding).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/no workspace key/) });
  });
});
