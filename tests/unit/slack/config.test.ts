import { describe, expect, it } from 'vitest';
import { parseSlackConfigFile, parseStoredSlackConfig } from '../../../src/main/core/channels/slack/config';

const TOKEN = 'xoxb-config-test-token';
const parse = (o: unknown) => parseSlackConfigFile(JSON.stringify(o), 'slack.json');

describe('the Slack channel config file', () => {
  it('takes the token apart from the config, with Slack’s own API URL unless another is given', () => {
    expect(parse({ token: TOKEN, channels: ['C012AB3CD'] })).toEqual({
      token: TOKEN,
      config: { channels: ['C012AB3CD'], apiUrl: 'https://slack.com/api/' },
    });
    expect(parse({ token: TOKEN, channels: ['C1AB', 'G2CD'], apiUrl: 'http://127.0.0.1:9000/api' }).config.apiUrl).toBe(
      'http://127.0.0.1:9000/api/',
    );
  });

  it('refuses unknown keys by name, and bad values by field, never echoing the token', () => {
    const refused = (o: unknown) => {
      try {
        parse(o);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({ token: TOKEN, channels: ['C1AB'], account: 'Acme', team: 'x' })).toBe('slack.json: unknown keys "account", "team"');
    expect(refused({ token: TOKEN, channels: ['C1AB', '#general'] })).toBe(
      'slack.json: "channels[1]": not a Slack channel id (like "C012AB3CD")',
    );
    expect(refused({ token: TOKEN, channels: [] })).toMatch(/"channels": /);
    expect(refused({ token: TOKEN, channels: ['C1AB', 'C1AB'] })).toMatch(/lists a channel twice/);
    expect(refused({ channels: ['C1AB'] })).toMatch(/"token": /);
    expect(refused({ token: TOKEN, channels: ['C1AB'], apiUrl: 'ftp://x' })).toMatch(/"apiUrl": /);
    expect(() => parseSlackConfigFile(`{"token": "${TOKEN}",`, 'slack.json')).toThrow(/slack\.json is not JSON/);
    for (const o of [
      { token: TOKEN, channels: ['x'] },
      { token: TOKEN, channels: ['C1AB'], extra: 1 },
    ])
      expect(refused(o)).not.toContain(TOKEN);
  });

  it('reads back only a stored config without a token', () => {
    expect(parseStoredSlackConfig('{"channels":["C1AB"],"apiUrl":"https://slack.com/api/"}').channels).toEqual(['C1AB']);
    expect(() => parseStoredSlackConfig(`{"channels":["C1AB"],"apiUrl":"https://slack.com/api/","token":"${TOKEN}"}`)).toThrow(
      /unknown key "token"/,
    );
  });
});
