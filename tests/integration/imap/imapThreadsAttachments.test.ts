import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView } from '../../../src/shared/contract/conversations';
import { dispatch } from '../../../src/main/core/api/dispatch';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { syncOnce } from '../../../src/main/core/sync/syncOnce';
import { hasDovecot, startDovecot, type Dovecot } from './dovecot';
import { fixtureMessages, mail } from './mail';
import { world, type World } from './world';

const ROOT = '<sso-1@acme.example>';
const AGENT = '<sso-agent@watchfloor.test>';
const BARE = '<sso-3@acme.example>';

describe.skipIf(!hasDovecot)('threads and attachments read from a real Dovecot, as the contract shows them', () => {
  let dv: Dovecot;
  let w: World;
  const get = (id: number) =>
    dispatch(createHandlers(w.ctx), 'conversations.get', { id }, { actor: 't', role: 'viewer', host: 'server' }) as ConversationView;
  const conversationOf = (externalId: string) =>
    (w.ctx.db.prepare('SELECT conversation_id AS id FROM messages WHERE external_id = ?').get(externalId) as { id: number }).id;

  beforeAll(async () => {
    dv = await startDovecot();
    w = world();
    const withAttachments = fixtureMessages().find((f) => f.name === 'mailparser-examples_nodemailer.eml')!.raw;
    dv.deliver([
      mail({ messageId: ROOT, subject: 'SSO login loops' }),
      mail({ messageId: AGENT, from: 'support@watchfloor.test', subject: 'Re: SSO login loops', inReplyTo: ROOT, references: [ROOT] }),
      // A client that keeps In-Reply-To and drops References.
      mail({ messageId: BARE, subject: 'Re: SSO login loops', inReplyTo: AGENT, body: 'It loops again since noon.' }),
      withAttachments,
    ]);
    await w.addChannel('Support inbox', dv.config());
    const [report] = await syncOnce(w.ctx, { dataDir: w.dataDir, keys: w.keys });
    expect(report).toMatchObject({ stored: 4, error: null });
  });
  afterAll(async () => {
    w?.close();
    await dv?.stop();
  });

  it('files a reply that names only its parent into the parent’s thread', () => {
    const view = get(conversationOf(ROOT));
    expect(view.messages.map((m) => [m.direction, m.authorKind])).toEqual([
      ['inbound', 'customer'],
      ['outbound', 'agent'],
      ['inbound', 'customer'],
    ]);
    expect(view.messages.at(-1)!.text).toBe('It loops again since noon.');
    expect(conversationOf(BARE)).toBe(conversationOf(ROOT));
  });

  it('lists each attachment’s name, type and size with its message', () => {
    const view = get(conversationOf('<012d606e-3550-2d94-b566-6cd996de88e3@kreata.ee>'));
    expect(view.messages).toHaveLength(1);
    expect(view.messages[0]!.attachments).toEqual([
      { filename: null, contentType: 'text/watch-html', size: 22 },
      { filename: 'image.png', contentType: 'image/png', size: 126 },
      { filename: 'nyan cat ✔.gif', contentType: 'image/gif', size: 29_361 },
      { filename: 'notes.txt', contentType: 'text/plain', size: 28 },
    ]);
    expect(get(conversationOf(ROOT)).messages.every((m) => m.attachments.length === 0)).toBe(true);
  });
});
