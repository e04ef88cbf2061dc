import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannel } from '../../../src/main/core/channels/service';
import { readChannelSecret, storeChannelSecret } from '../../../src/main/core/secrets/channelSecrets';
import { openSecret, sealSecret, SecretDecryptError } from '../../../src/main/core/secrets/cipher';
import { envOrFileKeyProvider, parseKey, SecretKeyError, wrappedFileKeyProvider } from '../../../src/main/core/secrets/keyProvider';
import { exportWorkspace } from '../../../src/main/core/export/exportJsonl';
import { listChannels } from '../../../src/main/core/channels/listing';
import { testCore } from '../../support/core';

const KEY = Buffer.alloc(32, 1);
let dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'wf-secret-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('workspace key', () => {
  it('reads 32 bytes as hex or base64 and names a wrong length without echoing the value', () => {
    expect(parseKey(KEY.toString('hex'), 'K')).toEqual(KEY);
    expect(parseKey(KEY.toString('base64'), 'K')).toEqual(KEY);
    expect(() => parseKey('c2VjcmV0LXZhbHVl', 'WATCHFLOOR_SECRET_KEY')).toThrow(SecretKeyError);
    expect(() => parseKey('c2VjcmV0LXZhbHVl', 'WATCHFLOOR_SECRET_KEY')).toThrow(
      /WATCHFLOOR_SECRET_KEY must be 32 bytes .* decodes to 12 bytes$/,
    );
    try {
      parseKey('c2VjcmV0LXZhbHVl', 'K');
    } catch (err) {
      expect((err as Error).message).not.toContain('c2VjcmV0LXZhbHVl');
    }
  });

  it('prefers WATCHFLOOR_SECRET_KEY and writes no key file then', () => {
    const dir = tmp();
    const keys = envOrFileKeyProvider({ dataDir: dir, env: { WATCHFLOOR_SECRET_KEY: KEY.toString('hex') } });
    expect(keys.key()).toEqual(KEY);
    expect(() => statSync(join(dir, 'secret.key'))).toThrow();
  });

  it('creates secret.key with mode 0600 once, says so once, and reads the same key back', () => {
    const dir = tmp();
    const told: string[] = [];
    const first = envOrFileKeyProvider({ dataDir: dir, env: {}, onCreated: (p) => told.push(p) }).key();
    const second = envOrFileKeyProvider({ dataDir: dir, env: {}, onCreated: (p) => told.push(p) }).key();
    expect(first).toEqual(second);
    expect(first).toHaveLength(32);
    expect(told).toEqual([join(dir, 'secret.key')]);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('lets the desktop wrap the key with the OS keychain (safeStorage shape)', () => {
    const dir = tmp();
    const wrapper = {
      encryptString: (s: string) => Buffer.from(s.split('').reverse().join('')),
      decryptString: (b: Buffer) => b.toString().split('').reverse().join(''),
    };
    const a = wrappedFileKeyProvider(dir, wrapper).key();
    const b = wrappedFileKeyProvider(dir, wrapper).key();
    expect(a).toEqual(b);
    expect(readFileSync(join(dir, 'secret.key.wrapped')).includes(Buffer.from(a.toString('base64')))).toBe(false);
  });
});

describe('channel secrets', () => {
  it('round-trips with AES-256-GCM and refuses another key or another channel in words', () => {
    const sealed = sealSecret(KEY, 'hunter2-password', 'channel 1');
    expect(sealed.includes(Buffer.from('hunter2-password'))).toBe(false);
    expect(openSecret(KEY, sealed, 'channel 1')).toBe('hunter2-password');
    expect(() => openSecret(Buffer.alloc(32, 2), sealed, 'channel 1')).toThrow(SecretDecryptError);
    expect(() => openSecret(Buffer.alloc(32, 2), sealed, 'channel 1')).toThrow(/cannot be decrypted with this workspace key/);
    expect(() => openSecret(KEY, sealed, 'channel 2')).toThrow(SecretDecryptError);
    // Two seals of one secret differ (fresh IV each time).
    expect(sealSecret(KEY, 'x', 'c').equals(sealSecret(KEY, 'x', 'c'))).toBe(false);
  });

  it('never shows the secret in the store, the channel list or the export', () => {
    const ctx = testCore();
    const keys = { key: () => KEY };
    const id = createChannel(
      ctx.db,
      { kind: 'email', name: 'Support', config: { host: 'imap.example', port: 993, secure: true, user: 'u', mailboxes: ['INBOX'] } },
      ctx.now(),
    );
    storeChannelSecret(ctx.db, keys, id, 'hunter2-password');
    expect(readChannelSecret(ctx.db, keys, id)).toBe('hunter2-password');
    const dump = ctx.db.prepare('SELECT * FROM channels').all();
    expect(JSON.stringify(dump, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v))).not.toContain(
      'hunter2',
    );
    expect(JSON.stringify(listChannels(ctx.db))).not.toContain('hunter2');
    expect(JSON.stringify([...exportWorkspace(ctx.db)])).not.toContain('hunter2');
    expect(listChannels(ctx.db)[0]).toMatchObject({ hasSecret: true, connector: 'imap' });
  });
});
