import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannel } from '../../../src/main/core/channels/service';
import { importSlackExport } from '../../../src/main/core/channels/slack/export/importExport';
import { storedZip } from '../../support/zip';
import { account, addSlack, slackWorld, stored, type SlackWorld } from './world';

/** A small export with something wrong at every level: an index row, a user row, an item, whole files. */
const EXPORT: Record<string, string> = {
  'channels.json': JSON.stringify([
    { id: 'C0ACME1', name: 'acme', created: '1452837318', members: [] },
    { id: 'C0OPS01', name: 'ops' },
    { id: '#bad', name: 'bad' },
  ]),
  'users.json': JSON.stringify([
    { id: 'UCARL', name: 'carl', team_id: 'T0US', profile: { email: 'carl@acme.example', real_name: 'Carl Acme' } },
    { id: 'UADA', name: 'ada', team_id: 'T0US', profile: { email: 'ada@us.example', real_name: 'Ada Agent' } },
    { name: 'nobody' },
  ]),
  'acme/2024-01-01.json': JSON.stringify([
    { type: 'message', user: 'UCARL', text: 'exports fail since 9:00', ts: '1704099600.000100' },
    {
      type: 'message',
      user: 'UADA',
      text: 'looking <@UCARL>',
      ts: '1704099700.000200',
      thread_ts: '1704099600.000100',
      parent_user_id: 'UCARL',
    },
    { type: 'message', user: 'UCARL', text: 'no timestamp here' },
    {
      type: 'message',
      subtype: 'message_changed',
      ts: '1704099800.000300',
      hidden: true,
      message: {
        type: 'message',
        user: 'UCARL',
        text: 'exports fail since 9:00 CET',
        ts: '1704099600.000100',
        edited: { user: 'UCARL', ts: '1704099800.000000' },
      },
    },
  ]),
  'acme/2024-01-02.json': '[{"type": "message", "user": "UCARL", "text": "cut off',
  'acme/2024-01-03.json': JSON.stringify({ messages: [] }),
  'ops/2024-01-01.json': JSON.stringify([{ type: 'message', user: 'UADA', text: 'deploy at noon', ts: '1704110400.000100' }]),
};

describe('importing a Slack workspace export', () => {
  let w: SlackWorld;
  beforeEach(async () => {
    w = await slackWorld();
  });
  afterEach(async () => {
    await w.close();
  });

  const folder = () => {
    const dir = join(w.dataDir, 'export');
    for (const [f, text] of Object.entries(EXPORT)) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
    return dir;
  };

  it('loads what it can, names every problem by file and index, and quarantines the rest with its bytes', async () => {
    const acme = account(w, 'Acme', 'acme.example');
    const report = await importSlackExport(w.ctx, { path: folder(), channelName: 'Slack export' });
    // The edit (message_changed) carries the message again: counted once as a duplicate, applied as the edit.
    expect(report).toMatchObject({ created: true, stored: 3, duplicates: 1, revised: 1, quarantined: 3, alreadyQuarantined: 0 });
    expect(report.problems).toEqual([
      { file: 'channels.json', index: 2, error: 'id: not a Slack channel id' },
      { file: 'users.json', index: 2, error: expect.stringMatching(/^id: /) },
      { file: 'acme/2024-01-01.json', index: 2, error: expect.stringMatching(/^acme\/2024-01-01\.json\[2\]\.ts: /) },
      { file: 'acme/2024-01-02.json', error: expect.stringMatching(/^not JSON: /) },
      { file: 'acme/2024-01-03.json', error: 'not a list of messages' },
    ]);
    expect(
      stored(
        w,
        'SELECT external_id AS id, direction, author_kind AS kind, account_id AS account, body_text AS text, edited_at AS edited FROM messages ORDER BY sent_at',
      ),
    ).toEqual([
      {
        id: 'C0ACME1:1704099600.000100',
        direction: 'inbound',
        kind: 'customer',
        account: acme,
        text: 'exports fail since 9:00 CET',
        edited: 1704099800000,
      },
      { id: 'C0ACME1:1704099700.000200', direction: 'outbound', kind: 'agent', account: null, text: 'looking @Carl Acme', edited: null },
      { id: 'C0OPS01:1704110400.000100', direction: 'outbound', kind: 'agent', account: null, text: 'deploy at noon', edited: null },
    ]);
    // The unreadable file is kept byte for byte.
    const cut = stored(
      w,
      `SELECT CAST(body AS TEXT) AS body, parse_error AS why FROM raw_payloads WHERE external_id = 'export:acme/2024-01-02.json'`,
    );
    expect(cut).toEqual([{ body: EXPORT['acme/2024-01-02.json'], why: expect.stringMatching(/^acme\/2024-01-02\.json: not JSON/) }]);
    // Both versions of the edited message are kept: as first exported, and the change event.
    const versions = stored(
      w,
      `SELECT CAST(body AS TEXT) AS body FROM raw_payloads WHERE external_id = 'C0ACME1:1704099600.000100' ORDER BY id`,
    );
    expect(versions.map((v) => (JSON.parse(String(v.body)) as { subtype?: string }).subtype ?? 'message')).toEqual([
      'message',
      'message_changed',
    ]);
    // History for review: it opens no incidents.
    expect(stored(w, 'SELECT count(*) AS n FROM incidents')).toEqual([{ n: 0 }]);
  });

  it('stores nothing new when the same export comes again, zipped this time', async () => {
    await importSlackExport(w.ctx, { path: folder(), channelName: 'Slack export' });
    const before = stored(w, 'SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM raw_payloads) AS raws');
    const zip = join(w.dataDir, 'export.zip');
    // Real exports often wrap everything in one folder; the importer finds channels.json inside it.
    writeFileSync(zip, storedZip(Object.fromEntries(Object.entries(EXPORT).map(([f, t]) => [`My Workspace Slack export/${f}`, t]))));
    const again = await importSlackExport(w.ctx, { path: zip, channelName: 'Slack export' });
    expect(again).toMatchObject({ created: false, stored: 0, duplicates: 4, revised: 0, quarantined: 0, alreadyQuarantined: 3 });
    expect(stored(w, 'SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM raw_payloads) AS raws')).toEqual(before);
  });

  it('into a live Slack channel, takes only the Slack channels that channel syncs', async () => {
    w.fake.addChannel('C0ACME1', 'acme');
    await addSlack(w, 'Acme live', ['C0ACME1']);
    const report = await importSlackExport(w.ctx, { path: folder(), channelName: 'Acme live' });
    expect(report.slackChannels.map((c) => c.id)).toEqual(['C0ACME1']);
    expect(report.skipped).toEqual([{ id: 'C0OPS01', name: 'ops' }]);
    expect(stored(w, `SELECT count(*) AS n FROM messages WHERE external_id LIKE 'C0OPS01:%'`)).toEqual([{ n: 0 }]);
  });

  it('refuses to load Slack history into a channel of another kind', async () => {
    createChannel(w.ctx.db, { kind: 'email', name: 'Support inbox' }, Date.now());
    await expect(importSlackExport(w.ctx, { path: folder(), channelName: 'Support inbox' })).rejects.toThrow(
      'channel "Support inbox" is a email channel, not a Slack one',
    );
  });
});
