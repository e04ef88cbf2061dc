import { z } from 'zod';
import { formatIssuePath } from '../../../../../shared/contract/errors';
import { matchAccount } from '../../../accounts/service';
import type { CoreContext } from '../../../context';
import { ingestPage } from '../../../ingest/ingestPage';
import { InboundMessage, type QuarantinedItem } from '../../../ingest/schema';
import { stmt } from '../../../store/statements';
import { isSlackChannel } from '../../connectors';
import { createChannel, getChannelByName, type ChannelRow } from '../../service';
import { parseStoredSlackConfig } from '../config';
import { normalizeSlackItem, toAuthor, type SlackAuthor, type SlackNormalizeContext, type SlackSelf } from '../normalize';
import { SlackUser } from '../wire';
import { ExportSourceError, openExportSource, type ExportSource } from './source';

/** One thing in the export that could not be taken as it was: which file, which item, what was wrong. */
export interface ImportProblem {
  file: string;
  index?: number;
  error: string;
}

export interface SlackChannelImport {
  id: string;
  name: string;
  files: number;
  stored: number;
  duplicates: number;
  revised: number;
  quarantined: number;
}

export interface SlackImportReport {
  channel: string;
  channelId: number;
  /** Whether the Watchfloor channel was made by this import. */
  created: boolean;
  slackChannels: SlackChannelImport[];
  /** Export channels left out: the target channel syncs other Slack channels. */
  skipped: { id: string; name: string }[];
  stored: number;
  duplicates: number;
  revised: number;
  /** Items quarantined now, and items found quarantined by an earlier import of the same export. */
  quarantined: number;
  alreadyQuarantined: number;
  problems: ImportProblem[];
}

export class SlackImportError extends Error {
  readonly code = 'bad_import';
  constructor(message: string) {
    super(message);
    this.name = 'SlackImportError';
  }
}

/** The index files a workspace export may have; each lists conversations whose day files sit in a folder. */
const INDEXES = [
  { file: 'channels.json', folder: (c: ExportChannel) => c.name ?? c.id },
  { file: 'groups.json', folder: (c: ExportChannel) => c.name ?? c.id },
  { file: 'mpims.json', folder: (c: ExportChannel) => c.name ?? c.id },
  { file: 'dms.json', folder: (c: ExportChannel) => c.id },
] as const;

const ExportChannel = z.looseObject({
  id: z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'not a Slack channel id'),
  name: z.string().min(1).optional(),
  is_ext_shared: z.boolean().optional(),
});
type ExportChannel = z.infer<typeof ExportChannel>;

/**
 * Loads a Slack workspace export (zip or folder) as the history of a Slack channel, for backfill
 * and offline review: one transaction per day file, the same external ids the live connector
 * uses (so neither stores a message the other did), edits and deletions as revisions, anything
 * unreadable quarantined with its bytes and named by file and index. Importing the same export
 * again stores nothing new. Imported history does not open or join incidents: it is the past.
 */
export async function importSlackExport(ctx: CoreContext, input: { path: string; channelName: string }): Promise<SlackImportReport> {
  const source = await openExportSource(input.path);
  try {
    return await importFrom(ctx, source, input.channelName);
  } finally {
    source.close();
  }
}

async function importFrom(ctx: CoreContext, source: ExportSource, channelName: string): Promise<SlackImportReport> {
  const problems: ImportProblem[] = [];
  const conversations = await readIndexes(source, problems);
  if (conversations.length === 0 && !INDEXES.some((i) => source.files.includes(i.file))) {
    throw new ExportSourceError('no channels.json: this is not a Slack workspace export');
  }
  const users = await readUsers(source, problems);
  const target = targetChannel(ctx, channelName, conversations);
  const wanted = target.only ? conversations.filter((c) => target.only!.has(c.id)) : conversations;
  const report: SlackImportReport = {
    channel: channelName,
    channelId: target.row.id,
    created: target.created,
    slackChannels: [],
    skipped: conversations.filter((c) => !wanted.includes(c)).map((c) => ({ id: c.id, name: c.folder })),
    stored: 0,
    duplicates: 0,
    revised: 0,
    quarantined: 0,
    alreadyQuarantined: 0,
    problems,
  };
  const self: SlackSelf = { teamId: mostCommonTeam(users), userId: null, botId: null };
  const daysByFolder = new Map<string, string[]>();
  for (const f of source.files) {
    const slash = f.indexOf('/');
    if (slash < 0 || !f.endsWith('.json')) continue;
    const folder = f.slice(0, slash);
    const days = daysByFolder.get(folder);
    if (days) days.push(f);
    else daysByFolder.set(folder, [f]);
  }
  for (const conv of wanted) {
    const summary: SlackChannelImport = { id: conv.id, name: conv.folder, files: 0, stored: 0, duplicates: 0, revised: 0, quarantined: 0 };
    report.slackChannels.push(summary);
    const days = (daysByFolder.get(conv.folder) ?? []).sort();
    for (const file of days) {
      summary.files++;
      const context: SlackNormalizeContext = {
        channel: conv.id,
        users,
        self,
        shared: conv.shared ? { accountHint: null } : null,
        isAccountEmail: (email) => matchAccount(ctx.db, email) !== null,
        now: ctx.now(),
        where: file,
      };
      const page = await readDay(source, file, context, problems);
      const fresh = page.quarantined.filter((q) => !alreadyQuarantined(ctx, target.row.id, q));
      report.alreadyQuarantined += page.quarantined.length - fresh.length;
      const result = ingestPage(
        ctx.db,
        target.row.id,
        { messages: page.messages, revisions: page.revisions, quarantined: fresh, cursor: null, fromSync: false },
        ctx.now(),
      );
      summary.stored += result.stored;
      summary.duplicates += result.duplicates;
      summary.revised += result.revised;
      summary.quarantined += result.quarantined;
    }
    report.stored += summary.stored;
    report.duplicates += summary.duplicates;
    report.revised += summary.revised;
    report.quarantined += summary.quarantined;
  }
  ctx.bus.publish('channels', 'conversations', 'wallboard');
  return report;
}

interface ExportConversation {
  id: string;
  folder: string;
  shared: boolean;
}

async function readJson(
  source: ExportSource,
  file: string,
): Promise<{ json: unknown; bytes: Buffer } | { error: string; bytes: Buffer | null }> {
  let bytes: Buffer;
  try {
    bytes = await source.read(file);
  } catch (err) {
    return { error: `cannot read: ${(err as Error).message}`, bytes: null };
  }
  try {
    return { json: JSON.parse(bytes.toString('utf8')) as unknown, bytes };
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}`, bytes };
  }
}

async function readIndexes(source: ExportSource, problems: ImportProblem[]): Promise<ExportConversation[]> {
  const out: ExportConversation[] = [];
  for (const index of INDEXES) {
    if (!source.files.includes(index.file)) continue;
    const read = await readJson(source, index.file);
    if ('error' in read) throw new SlackImportError(`${index.file}: ${read.error}`);
    if (!Array.isArray(read.json)) throw new SlackImportError(`${index.file}: not a list of channels`);
    read.json.forEach((item, i) => {
      const parsed = ExportChannel.safeParse(item);
      if (!parsed.success) {
        problems.push({ file: index.file, index: i, error: issueText(parsed.error.issues[0]) });
        return;
      }
      out.push({ id: parsed.data.id, folder: index.folder(parsed.data), shared: parsed.data.is_ext_shared === true });
    });
  }
  return out;
}

async function readUsers(source: ExportSource, problems: ImportProblem[]): Promise<Map<string, SlackAuthor | null>> {
  const users = new Map<string, SlackAuthor | null>();
  if (!source.files.includes('users.json')) {
    problems.push({ file: 'users.json', error: 'missing: authors are unknown, so every person counts as a customer' });
    return users;
  }
  const read = await readJson(source, 'users.json');
  if ('error' in read || !Array.isArray(read.json)) {
    problems.push({ file: 'users.json', error: 'error' in read ? read.error : 'not a list of users' });
    return users;
  }
  read.json.forEach((item, i) => {
    const parsed = SlackUser.safeParse(item);
    if (parsed.success) users.set(parsed.data.id, toAuthor(parsed.data));
    else problems.push({ file: 'users.json', index: i, error: issueText(parsed.error.issues[0]) });
  });
  return users;
}

/** The export's own workspace: the team most of its people belong to (an export has no auth.test to ask). */
function mostCommonTeam(users: ReadonlyMap<string, SlackAuthor | null>): string | null {
  const counts = new Map<string, number>();
  for (const u of users.values()) if (u?.teamId && !u.isBot) counts.set(u.teamId, (counts.get(u.teamId) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * The Slack channel to load into: an existing one (a live channel takes only the Slack channels
 * it syncs, so its history is not mixed with others), or a new history-only one, which
 * `channels add slack` with the same name later takes over for live sync.
 */
function targetChannel(
  ctx: CoreContext,
  name: string,
  conversations: ExportConversation[],
): { row: ChannelRow; created: boolean; only: Set<string> | null } {
  const existing = getChannelByName(ctx.db, name);
  if (existing) {
    if (existing.kind !== 'slack') throw new SlackImportError(`channel "${name}" is a ${existing.kind} channel, not a Slack one`);
    if (isSlackChannel(existing)) return { row: existing, created: false, only: new Set(parseStoredSlackConfig(existing.config).channels) };
    const known = (JSON.parse(existing.config) as { imported?: string[] }).imported ?? [];
    const imported = [...new Set([...known, ...conversations.map((c) => c.id)])];
    ctx.db.prepare('UPDATE channels SET config = ? WHERE id = ?').run(JSON.stringify({ imported }), existing.id);
    return { row: existing, created: false, only: null };
  }
  createChannel(
    ctx.db,
    // Nothing pulls a history-only channel, so it is never stale.
    { kind: 'slack', name, config: { imported: conversations.map((c) => c.id) }, staleAfterMs: Number.MAX_SAFE_INTEGER },
    ctx.now(),
  );
  return { row: getChannelByName(ctx.db, name)!, created: true, only: null };
}

interface DayPage {
  messages: InboundMessage[];
  revisions: unknown[];
  quarantined: QuarantinedItem[];
}

/** One day file as a page: its messages and revisions, and what could not be read, named by file and index. */
async function readDay(source: ExportSource, file: string, context: SlackNormalizeContext, problems: ImportProblem[]): Promise<DayPage> {
  const page: DayPage = { messages: [], revisions: [], quarantined: [] };
  const read = await readJson(source, file);
  const wholeFile = (error: string, bytes: Buffer | null) => {
    problems.push({ file, error });
    page.quarantined.push({
      externalId: `export:${file}`,
      raw: { contentType: 'application/json', body: bytes ? new Uint8Array(bytes) : '' },
      error: `${file}: ${error}`,
    });
  };
  if ('error' in read) {
    wholeFile(read.error, read.bytes);
    return page;
  }
  if (!Array.isArray(read.json)) {
    wholeFile('not a list of messages', read.bytes);
    return page;
  }
  read.json.forEach((item, i) => {
    const n = normalizeSlackItem(item, i, context);
    for (const q of n.quarantined) {
      problems.push({ file, index: i, error: q.error });
      page.quarantined.push(q.externalId ? q : { ...q, externalId: `export:${file}#${i}` });
    }
    for (const m of n.messages) {
      const checked = InboundMessage.safeParse(m);
      if (checked.success) {
        page.messages.push(checked.data);
        continue;
      }
      const error = `${file}[${i}].${issueText(checked.error.issues[0])}`;
      problems.push({ file, index: i, error });
      page.quarantined.push({ externalId: m.externalId, raw: m.raw, error });
    }
    page.revisions.push(...n.revisions);
  });
  return page;
}

/** Whether an earlier import already quarantined this very item, so importing again adds nothing. */
function alreadyQuarantined(ctx: CoreContext, channelId: number, q: QuarantinedItem): boolean {
  const body = typeof q.raw.body === 'string' ? q.raw.body : Buffer.from(q.raw.body);
  return (
    stmt(
      ctx.db,
      'SELECT 1 FROM raw_payloads WHERE channel_id = ? AND external_id = ? AND parse_error IS NOT NULL AND body = ? LIMIT 1',
    ).get(channelId, q.externalId, body) !== undefined
  );
}

function issueText(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'invalid';
  const where = formatIssuePath(issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}
