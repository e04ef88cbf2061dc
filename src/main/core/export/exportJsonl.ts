import type { Db } from '../store/db';

/**
 * The workspace as JSON Lines, one object per line with a `type`. Raw payloads and secrets are
 * never included: channels export without their config or secret, messages without raw bytes.
 */
export function* exportWorkspace(db: Db): Generator<Record<string, unknown>> {
  for (const a of db
    .prepare(
      `SELECT a.id, a.name, a.tier, a.arr_cents AS arrCents, a.renewal_date AS renewalDate, a.owner,
              (SELECT json_group_array(domain) FROM account_domains d WHERE d.account_id = a.id) AS domains
       FROM accounts a ORDER BY a.id`,
    )
    .iterate() as Iterable<Record<string, unknown>>) {
    yield { type: 'account', ...a, domains: JSON.parse(String(a.domains)) as string[] };
  }
  yield* rows(db, 'contact', `SELECT id, account_id AS accountId, name, email FROM contacts ORDER BY id`);
  yield* rows(
    db,
    'channel',
    `SELECT id, kind, name, status, last_success_at AS lastSuccessAt, newest_message_at AS newestMessageAt, last_error AS lastError
     FROM channels ORDER BY id`,
  );
  yield* rows(
    db,
    'conversation',
    `SELECT c.id, c.channel_id AS channelId, ch.name AS channel, ch.kind AS channelKind, c.external_id AS externalId,
            c.account_id AS accountId, c.subject, c.first_message_at AS firstMessageAt, c.last_message_at AS lastMessageAt,
            c.message_count AS messageCount
     FROM conversations c JOIN channels ch ON ch.id = c.channel_id ORDER BY c.id`,
  );
  yield* rows(
    db,
    'message',
    `SELECT m.id, m.conversation_id AS conversationId, ch.name AS channel, ch.kind AS channelKind, m.external_id AS externalId,
            m.direction, m.author_kind AS authorKind, m.from_address AS fromAddress, m.from_name AS fromName,
            m.account_id AS accountId, m.sent_at AS sentAt, m.subject, m.body_text AS text
     FROM messages m JOIN channels ch ON ch.id = m.channel_id ORDER BY m.id`,
  );
  yield* rows(
    db,
    'incident',
    `SELECT i.id, i.public_id AS publicId, i.title, i.severity, i.status, i.commander, i.created_at AS createdAt,
            i.acknowledged_at AS acknowledgedAt, i.resolved_at AS resolvedAt, i.closed_at AS closedAt, i.merged_into AS mergedInto,
            (SELECT json_group_array(conversation_id) FROM incident_conversations ic WHERE ic.incident_id = i.id) AS conversationIds,
            (SELECT json_group_array(account_id) FROM incident_accounts ia WHERE ia.incident_id = i.id) AS accountIds
     FROM incidents i ORDER BY i.id`,
    (r) => ({ ...r, conversationIds: JSON.parse(String(r.conversationIds)), accountIds: JSON.parse(String(r.accountIds)) }),
  );
  yield* rows(
    db,
    'event',
    `SELECT id, incident_id AS incidentId, at, actor, data FROM incident_events ORDER BY incident_id, at, id`,
    (r) => ({ ...r, data: JSON.parse(String(r.data)) }),
  );
}

function* rows(
  db: Db,
  type: string,
  sql: string,
  map: (r: Record<string, unknown>) => Record<string, unknown> = (r) => r,
): Generator<Record<string, unknown>> {
  for (const r of db.prepare(sql).iterate() as Iterable<Record<string, unknown>>) yield { type, ...map(r) };
}
