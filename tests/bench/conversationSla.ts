import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../../src/main/core/accounts/service';
import { createChannel } from '../../src/main/core/channels/service';
import { ingestPage } from '../../src/main/core/ingest/ingestPage';
import type { InboundMessage } from '../../src/main/core/ingest/schema';
import { conversationPolicies } from '../../src/main/core/sla/conversationPolicyStore';
import { loadConversationHistories, recomputeConversationClocks } from '../../src/main/core/sla/conversationClocks';
import { deriveConversationClocks } from '../../src/main/core/sla/deriveConversationClocks';
import { openDb, type Db } from '../../src/main/core/store/db';
import { createWorkspace, defaultTiers } from '../../src/main/core/workspace/service';
import { median, round, seededRandom } from './stats';
import type { BenchFigure, BenchModule } from './types';

const CONVERSATIONS = 10_000;
const RUNS = 5;
const MINUTE = 60_000;
const NOW = Date.parse('2026-03-30T09:00:00Z'); // the week before crosses Europe's DST change

/**
 * A support inbox of 10k tickets from the last two weeks, on business-hours policies: each a
 * customer message, mostly answered (after an auto-reply), some with follow-ups, some set
 * pending or resolved by an agent and written to again.
 */
function seed(db: Db): number[] {
  createWorkspace(db, { name: 'Bench', timeZone: 'Europe/Berlin', tiers: [...defaultTiers], demo: false }, NOW - 30 * 86_400_000);
  const domains = defaultTiers.map((tier, i) => {
    createAccount(db, { name: `Account ${i}`, domains: [`a${i}.example`], tier, arrCents: 1_000_000, renewalDate: null, owner: null }, 0);
    return `a${i}.example`;
  });
  const channels = (['email', 'slack', 'chat'] as const).map((kind) => createChannel(db, { kind, name: kind }, 0));
  const random = seededRandom(11);
  const statusEvent = db.prepare('INSERT INTO conversation_status_events (conversation_id, at, status, actor) VALUES (?, ?, ?, ?)');
  const pending: { thread: string; channelId: number; at: number; status: 'pending' | 'resolved' }[] = [];
  const byChannel = new Map<number, InboundMessage[]>(channels.map((c) => [c, []]));
  for (let i = 0; i < CONVERSATIONS; i++) {
    const channelId = channels[i % channels.length]!;
    const thread = `t${i}`;
    const from = `person${i}@${domains[i % domains.length]}`;
    let at = NOW - Math.floor(random() * 14 * 24 * 60) * MINUTE;
    let n = 0;
    const push = (direction: 'inbound' | 'outbound', authorKind: InboundMessage['authorKind']): void => {
      byChannel.get(channelId)!.push({
        externalId: `${thread}-${n++}`,
        threadId: thread,
        sentAt: Math.min(at, NOW),
        direction,
        authorKind,
        fromAddress: direction === 'inbound' ? from : 'help@support.example',
        fromName: null,
        subject: 'Help',
        text: 'text',
        raw: { contentType: 'text/plain', body: 'text' },
      });
    };
    push('inbound', 'customer');
    at += MINUTE;
    push('outbound', 'bot');
    const exchanges = 1 + Math.floor(random() * 3);
    for (let k = 0; k < exchanges && at < NOW; k++) {
      at += Math.floor(random() * 8 * 60) * MINUTE;
      if (random() < 0.85) push('outbound', 'agent');
      if (random() < 0.2)
        pending.push({ thread, channelId, at: Math.min(at + MINUTE, NOW), status: random() < 0.5 ? 'pending' : 'resolved' });
      at += Math.floor(random() * 24 * 60) * MINUTE;
      if (random() < 0.6) push('inbound', 'customer');
    }
  }
  for (const [channelId, messages] of byChannel) {
    for (let i = 0; i < messages.length; i += 500) {
      ingestPage(db, channelId, { messages: messages.slice(i, i + 500), cursor: null }, NOW);
    }
  }
  const convOf = db.prepare('SELECT id FROM conversations WHERE channel_id = ? AND external_id = ?');
  db.transaction(() => {
    for (const p of pending) {
      const { id } = convOf.get(p.channelId, p.thread) as { id: number };
      statusEvent.run(id, p.at, p.status, 'bench');
    }
  })();
  return (db.prepare('SELECT id FROM conversations ORDER BY id').all() as { id: number }[]).map((r) => r.id);
}

function timed(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function measure(): BenchFigure[] {
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-bench-conversation-sla-'));
  const db = openDb(dir, { create: true });
  try {
    const ids = seed(db);
    const messages = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    const cold = timed(() => recomputeConversationClocks(db, ids, NOW));
    const storeRuns = Array.from({ length: RUNS }, () => timed(() => recomputeConversationClocks(db, ids, NOW)));
    const clocks = (db.prepare('SELECT count(*) AS n FROM conversation_sla_clocks').get() as { n: number }).n;

    // The derivation alone, from histories already in memory: what the store's reads and writes add.
    const match = conversationPolicies(db);
    const histories = loadConversationHistories(db, ids).map((h) => h.events);
    const rules = { policyAt: (at: number) => match('enterprise', 'email', at) };
    const pureRuns = Array.from({ length: RUNS }, () =>
      timed(() => {
        for (const events of histories) deriveConversationClocks(events, rules, NOW);
      }),
    );
    const storeMs = median(storeRuns);
    const pureMs = median(pureRuns);
    return [
      {
        name: 'recompute the SLA clocks of 10k conversations into the store (read, derive, write)',
        value: Math.round(CONVERSATIONS / (storeMs / 1000)),
        unit: 'conversations/s',
        target: '',
        pass: null,
        note: `${round(storeMs, 0)} ms per 10k (median of ${RUNS}; first run ${round(cold, 0)} ms); ${messages} messages, ${clocks} clocks; one transaction, on-disk WAL store`,
      },
      {
        name: 'derive the clocks of 10k conversations (pure, histories in memory)',
        value: Math.round(CONVERSATIONS / (pureMs / 1000)),
        unit: 'conversations/s',
        target: '',
        pass: null,
        note: `${round(pureMs, 0)} ms per 10k (median of ${RUNS}); business-hours calendar in Europe/Berlin`,
      },
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: BenchModule = {
  title: 'Conversation SLA clocks',
  // Synchronous work (better-sqlite3); the interface is async for the browser benches.
  run(): Promise<BenchFigure[]> {
    return Promise.resolve().then(measure);
  },
};

export default bench;
