import { describe, expect, it } from 'vitest';
import { ImapConfigError, parseImapConfigFile } from '../../../src/main/core/channels/imap/config';

const good = {
  host: 'imap.example.com',
  port: 993,
  secure: true,
  user: 'support@example.com',
  password: 's3cret-pw',
  mailboxes: ['INBOX'],
};
const parse = (v: unknown) => parseImapConfigFile(JSON.stringify(v), 'imap.json');

describe('IMAP config file', () => {
  it('splits the password off the config that is stored', () => {
    expect(parse(good)).toEqual({
      config: { host: 'imap.example.com', port: 993, secure: true, user: 'support@example.com', mailboxes: ['INBOX'] },
      password: 's3cret-pw',
      smtpPassword: null,
    });
  });

  it('names an unknown key', () => {
    expect(() => parse({ ...good, tls: true })).toThrow(ImapConfigError);
    expect(() => parse({ ...good, tls: true, folder: 'x' })).toThrow('imap.json: unknown keys "tls", "folder"');
  });

  it('names a missing or mistyped key and never echoes a value', () => {
    const { password: _p, ...noPassword } = good;
    expect(() => parse(noPassword)).toThrow(/"password": .*expected string/);
    expect(() => parse({ ...good, port: '993' })).toThrow(/"port": .*expected number/);
    expect(() => parse({ ...good, mailboxes: [] })).toThrow(/"mailboxes"/);
    try {
      parse({ ...good, secure: 's3cret-pw' });
    } catch (err) {
      expect((err as Error).message).toMatch(/"secure"/);
      expect((err as Error).message).not.toContain('s3cret-pw');
    }
    expect(() => parseImapConfigFile('{"host": "s3cret', 'imap.json')).toThrow(/imap.json is not JSON/);
  });
});
