import { describe, expect, it } from 'vitest';
import { parseImapConfigFile, parseMailbox, parseStoredImapConfig } from '../../../src/main/core/channels/imap/config';

const imap = {
  host: 'imap.example.com',
  port: 993,
  secure: true,
  user: 'support@example.com',
  password: 's3cret-pw',
  mailboxes: ['INBOX'],
};
const smtp = { host: 'smtp.example.com', port: 587, secure: false, user: 'support@example.com', from: 'Support <support@example.com>' };
const parse = (v: unknown) => parseImapConfigFile(JSON.stringify(v), 'imap.json');

describe('the smtp block of an IMAP channel config', () => {
  it('is optional, and kept in the stored config without any password', () => {
    expect(parse(imap).smtpPassword).toBeNull();
    const withSmtp = parse({ ...imap, smtp: { ...smtp, password: 'smtp-only-pw' } });
    expect(withSmtp.config.smtp).toEqual(smtp);
    expect(withSmtp.smtpPassword).toBe('smtp-only-pw');
    expect(JSON.stringify(withSmtp.config)).not.toContain('pw');
    expect(parseStoredImapConfig(JSON.stringify(withSmtp.config))).toEqual(withSmtp.config);
  });

  it('reuses the IMAP password when it gives none, and logs in to no one without a user', () => {
    expect(parse({ ...imap, smtp }).smtpPassword).toBeNull();
    const { user: _u, ...relay } = smtp;
    expect(parse({ ...imap, smtp: relay }).config.smtp).toEqual(relay);
  });

  it('names an unknown key inside the block by its path', () => {
    expect(() => parse({ ...imap, smtp: { ...smtp, tls: true } })).toThrow('imap.json: unknown key "smtp.tls"');
  });

  it('names a missing, mistyped or meaningless field and never echoes a password', () => {
    const { from: _f, ...noFrom } = smtp;
    expect(() => parse({ ...imap, smtp: noFrom })).toThrow(/"smtp\.from": /);
    expect(() => parse({ ...imap, smtp: { ...smtp, port: 70_000 } })).toThrow(/"smtp\.port": /);
    expect(() => parse({ ...imap, smtp: { ...smtp, from: 'support at example' } })).toThrow(/"smtp\.from": expected an address/);
    const { user: _u, ...noUser } = smtp;
    try {
      parse({ ...imap, smtp: { ...noUser, password: 'smtp-only-pw' } });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/"smtp\.password": a password needs a "user"/);
      expect((err as Error).message).not.toContain('smtp-only-pw');
    }
  });
});

describe('a From mailbox', () => {
  it('reads a bare address or a named one, lower-casing the address', () => {
    expect(parseMailbox('Support@Example.com')).toEqual({ name: null, address: 'support@example.com' });
    expect(parseMailbox('Acme Support <support@example.com>')).toEqual({ name: 'Acme Support', address: 'support@example.com' });
    expect(parseMailbox('"Acme, Support" <support@example.com>')).toEqual({ name: 'Acme, Support', address: 'support@example.com' });
    expect(parseMailbox('<support@example.com>')).toEqual({ name: null, address: 'support@example.com' });
  });

  it('refuses what is not one address', () => {
    for (const bad of ['', 'support', 'a@b.example, c@d.example', 'Support <not an address>']) expect(parseMailbox(bad)).toBeNull();
  });
});
