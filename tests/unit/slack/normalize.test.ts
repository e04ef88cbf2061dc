import { describe, expect, it } from 'vitest';
import { compareTs, parseSlackCursor, tsBefore, withChannel } from '../../../src/main/core/channels/slack/cursor';
import {
  normalizeSlackItem,
  toAuthor,
  type SlackAuthor,
  type SlackNormalizeContext,
} from '../../../src/main/core/channels/slack/normalize';
import { slackText } from '../../../src/main/core/channels/slack/text';

const OUR_TEAM = 'T0OURS';
const person = (id: string, over: Partial<SlackAuthor> = {}): SlackAuthor => ({
  id,
  name: `Person ${id}`,
  email: null,
  teamId: OUR_TEAM,
  isBot: false,
  isGuest: false,
  ...over,
});

const users = new Map<string, SlackAuthor | null>([
  ['UAGENT', person('UAGENT', { name: 'Ada Agent', email: 'ada@watchfloor.example' })],
  ['UACME', person('UACME', { name: 'Carl Customer', email: 'carl@acme.example' })],
  ['UGUEST', person('UGUEST', { name: 'Gina Guest', isGuest: true })],
  ['UOUTSIDE', person('UOUTSIDE', { name: 'Olga Outside', teamId: 'T0ACME' })],
  ['UAPP', person('UAPP', { name: 'Deploy App', isBot: true })],
  ['UGONE', null],
]);

function context(over: Partial<SlackNormalizeContext> = {}): SlackNormalizeContext {
  return {
    channel: 'C0SUPPORT',
    users,
    self: { teamId: OUR_TEAM, userId: 'U0WATCH', botId: 'B0WATCH' },
    shared: null,
    isAccountEmail: (email) => email.endsWith('@acme.example'),
    now: 1_800_000_000_000,
    where: 'history of C0SUPPORT',
    ...over,
  };
}

const one = (item: unknown, over: Partial<SlackNormalizeContext> = {}) => normalizeSlackItem(item, 0, context(over));
const msg = (over: Record<string, unknown>) => ({ type: 'message', ts: '1512085950.000216', text: 'checkout is down', ...over });

describe('Slack messages as Watchfloor messages', () => {
  it('keys a message by channel and ts, and a thread by its parent ts, the same for the API and an export', () => {
    const parent = one(msg({ user: 'UACME' })).messages[0]!;
    const reply = one(msg({ user: 'UACME', ts: '1512085999.000100', thread_ts: '1512085950.000216' })).messages[0]!;
    expect(parent).toMatchObject({
      externalId: 'C0SUPPORT:1512085950.000216',
      threadId: 'C0SUPPORT:1512085950.000216',
      sentAt: 1512085950000,
    });
    expect(reply).toMatchObject({ externalId: 'C0SUPPORT:1512085999.000100', threadId: 'C0SUPPORT:1512085950.000216' });
  });

  it('in our own channels: an account email, a guest or an unknown person is a customer; a member is an agent', () => {
    const kind = (user: string) => {
      const m = one(msg({ user })).messages[0]!;
      return `${m.direction}/${m.authorKind}`;
    };
    expect(kind('UACME')).toBe('inbound/customer');
    expect(kind('UGUEST')).toBe('inbound/customer');
    expect(kind('UGONE')).toBe('inbound/customer');
    expect(kind('UOUTSIDE')).toBe('inbound/customer');
    expect(kind('UAGENT')).toBe('outbound/agent');
    const carl = one(msg({ user: 'UACME' })).messages[0]!;
    expect(carl).toMatchObject({ fromAddress: 'carl@acme.example', fromName: 'Carl Customer', authorId: 'UACME' });
    expect(carl.accountHint).toBeUndefined();
  });

  it('in a shared channel: the other organisation is the customer, named by the account hint; our people are agents', () => {
    const shared = { shared: { accountHint: 'acme.example' } };
    const outside = one(msg({ user: 'UOUTSIDE' }), shared).messages[0]!;
    expect(outside).toMatchObject({ direction: 'inbound', authorKind: 'customer', accountHint: 'acme.example', fromAddress: null });
    const ours = one(msg({ user: 'UAGENT' }), shared).messages[0]!;
    expect(ours).toMatchObject({ direction: 'outbound', authorKind: 'agent' });
    expect(ours.accountHint).toBeUndefined();
  });

  it('keeps bot and app messages as bots, never customers or agents (so they never count as SLA replies)', () => {
    const integration = one(
      msg({
        subtype: 'bot_message',
        bot_id: 'B0GITHUB',
        username: 'github',
        text: '',
        attachments: [{ fallback: '[enrique] 1 new commit', pretext: 'push' }],
      }),
    ).messages[0]!;
    expect(integration).toMatchObject({
      direction: 'inbound',
      authorKind: 'bot',
      fromName: 'github',
      text: 'push\n[enrique] 1 new commit',
    });
    expect(integration.authorId).toBeUndefined();
    expect(one(msg({ user: 'UAPP' })).messages[0]).toMatchObject({ authorKind: 'bot' });
    expect(one(msg({ user: 'UACME', bot_id: 'B0ZAPIER' })).messages[0]).toMatchObject({ authorKind: 'bot' });
  });

  it("files what Watchfloor's own token posted as an agent's outbound reply", () => {
    expect(one(msg({ subtype: 'bot_message', bot_id: 'B0WATCH', username: 'watchfloor' })).messages[0]).toMatchObject({
      direction: 'outbound',
      authorKind: 'agent',
    });
  });

  it('keeps channel events (joins, topics) as system messages', () => {
    const join = one(msg({ subtype: 'channel_join', user: 'UACME', text: '<@UACME> has joined the channel' })).messages[0]!;
    expect(join).toMatchObject({ authorKind: 'system', direction: 'inbound', text: '@Carl Customer has joined the channel' });
  });

  it('turns an edited message into the message plus an edit at the time Slack says it was edited', () => {
    const n = one(msg({ user: 'UACME', text: 'checkout is down (EU only)', edited: { user: 'UACME', ts: '1512086000.000000' } }));
    expect(n.messages[0]!.text).toBe('checkout is down (EU only)');
    expect(n.revisions).toEqual([
      expect.objectContaining({
        externalId: 'C0SUPPORT:1512085950.000216',
        kind: 'edit',
        at: 1512086000000,
        text: 'checkout is down (EU only)',
      }),
    ]);
  });

  it('reads message_changed as the changed message and its edit, message_deleted as a deletion', () => {
    const changed = one({
      type: 'message',
      subtype: 'message_changed',
      ts: '1512090000.000001',
      hidden: true,
      message: msg({ user: 'UACME', text: 'now fixed?', edited: { user: 'UACME', ts: '1512089999.000000' } }),
    });
    expect(changed.messages.map((m) => m.text)).toEqual(['now fixed?']);
    expect(changed.revisions).toEqual([expect.objectContaining({ kind: 'edit', at: 1512089999000, text: 'now fixed?' })]);

    const deleted = one({
      type: 'message',
      subtype: 'message_deleted',
      ts: '1512090100.000001',
      deleted_ts: '1512085950.000216',
      hidden: true,
    });
    expect(deleted.messages).toEqual([]);
    expect(deleted.revisions).toEqual([
      expect.objectContaining({ externalId: 'C0SUPPORT:1512085950.000216', kind: 'delete', at: 1512090100000 }),
    ]);
    expect(one({ type: 'message', subtype: 'message_deleted', ts: '1512090100.000001' }).quarantined[0]!.error).toMatch(
      /history of C0SUPPORT\[0\]: message_deleted without "deleted_ts"/,
    );
  });

  it('reads a tombstone (a deleted thread parent) as that message, deleted', () => {
    const n = one(
      msg({ subtype: 'tombstone', text: 'This message was deleted.', hidden: true, thread_ts: '1512085950.000216', reply_count: 2 }),
    );
    expect(n.messages[0]).toMatchObject({ externalId: 'C0SUPPORT:1512085950.000216', authorKind: 'system' });
    expect(n.revisions).toEqual([expect.objectContaining({ kind: 'delete', at: 1_800_000_000_000 })]);
  });

  it('lists shared files as attachments and says so in the text', () => {
    const n = one(
      msg({
        subtype: 'file_share',
        user: 'UACME',
        text: '',
        files: [{ name: 'trace.har', title: 'trace', mimetype: 'application/json', size: 2048 }],
      }),
    );
    expect(n.messages[0]).toMatchObject({
      authorKind: 'customer',
      text: '[file: trace]',
      attachments: [{ filename: 'trace.har', contentType: 'application/json', size: 2048 }],
    });
  });

  it('quarantines what is not a Slack message, naming where, which item and which field', () => {
    const noTs = normalizeSlackItem({ type: 'message', text: 'hi' }, 3, context({ where: 'general/2016-01-15.json' }));
    expect(noTs.messages).toEqual([]);
    expect(noTs.quarantined[0]).toMatchObject({ externalId: null, error: expect.stringMatching(/^general\/2016-01-15\.json\[3\]\.ts: /) });
    expect(JSON.parse(String(noTs.quarantined[0]!.raw.body))).toEqual({ type: 'message', text: 'hi' });
    const badTs = one(msg({ ts: 'yesterday' }));
    expect(badTs.quarantined[0]!.error).toMatch(/\[0\]\.ts: not a Slack timestamp/);
    expect(one('just a string').quarantined[0]!.error).toMatch(/^history of C0SUPPORT\[0\]: /);
  });
});

describe("Slack's markup as plain words", () => {
  const name = (id: string) => (id === 'U1' ? 'Egon Spengler' : null);
  it('renders mentions, channels, links, specials and the three escapes', () => {
    expect(slackText('<@U1> and <@U2|ray> in <#C1|ops>: see <https://status.example|status> &amp; <https://x.example> &lt;3', name)).toBe(
      '@Egon Spengler and @ray in #ops: see status & https://x.example <3',
    );
    expect(slackText('<!here> <!channel> <!subteam^S1|@oncall> <tel:123|123> <mailto:a@b.example|a@b.example>', name)).toBe(
      '@here @channel @oncall 123 a@b.example',
    );
  });
});

describe('Slack users and cursors', () => {
  it("takes a user's name, lowercased email, team and kind from users.info", () => {
    expect(
      toAuthor({
        id: 'W012A3CDE',
        name: 'spengler',
        real_name: 'Egon Spengler',
        team_id: 'T012AB3C4',
        is_bot: false,
        is_restricted: true,
        profile: { email: 'Spengler@Ghostbusters.example.com', real_name: 'Egon Spengler' },
      }),
    ).toEqual({
      id: 'W012A3CDE',
      name: 'Egon Spengler',
      email: 'spengler@ghostbusters.example.com',
      teamId: 'T012AB3C4',
      isBot: false,
      isGuest: true,
    });
  });

  it('orders timestamps as numbers and steps back whole seconds', () => {
    expect(compareTs('1512085950.000216', '1512085950.000300')).toBe(-1);
    expect(compareTs('1512085951.000001', '1512085950.999999')).toBe(1);
    expect(compareTs('1512085950.000216', '1512085950.000216')).toBe(0);
    expect(tsBefore('1512085950.000216', 86_400_000)).toBe('1511999550.000000');
  });

  it('starts over from an unreadable cursor and keeps other channels when one moves on', () => {
    expect(parseSlackCursor('{not json')).toEqual({ channels: {} });
    expect(parseSlackCursor('{"channels":{"C1":{"floor":"soon"}}}')).toEqual({ channels: {} });
    const c = parseSlackCursor(
      withChannel({ channels: { C1: { floor: '1512085950.000216' } } }, 'C2', { floor: null, pass: { top: '1.000001', next: 'abc' } }),
    );
    expect(c.channels).toEqual({ C1: { floor: '1512085950.000216' }, C2: { floor: null, pass: { top: '1.000001', next: 'abc' } } });
  });
});
