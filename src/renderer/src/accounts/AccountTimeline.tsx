import { useState } from 'react';
import type { AccountConversation, AccountDetail } from '../../../shared/contract/accounts';
import { useCall, useCommand } from '../api';
import { channelLabel } from '../channelNames';
import { countdownReading } from '../ticker';
import { LiveText } from '../wallboard/LiveText';

/**
 * The account page's conversation timeline: every channel on one list, older pages on demand, and
 * per conversation its SLA clocks and status, a reply where the customer wrote, and the one-step
 * fix of a wrong account.
 */

const dateTimes = new Map<string, Intl.DateTimeFormat>();
export function when(at: number, timeZone: string): string {
  let f = dateTimes.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimes.set(timeZone, f);
  }
  return f.format(at);
}

/** Moves a conversation to the account it really came from, remembering the sender or the domain. */
function Reassign({ conversation, onDone }: { conversation: AccountConversation; onDone: (text: string) => void }) {
  const accounts = useCall('accounts.list', {});
  const reassign = useCommand('conversations.reassignAccount');
  const [to, setTo] = useState('');
  const [remember, setRemember] = useState<'contact' | 'domain' | 'none'>('contact');
  return (
    <form
      className="reassign"
      onSubmit={(e) => {
        e.preventDefault();
        if (to === '') return;
        reassign.mutateAsync({ conversationId: conversation.id, accountId: Number(to), remember }).then(
          (r) =>
            onDone(
              `Moved to ${accounts.data?.find((a) => a.id === r.after)?.name ?? 'the account'}${r.remembered ? `; ${r.remembered} now matches it` : ''}`,
            ),
          (err: Error) => onDone(err.message),
        );
      }}
    >
      <label>
        Not this account? Move to{' '}
        <select aria-label="Move the conversation to account" value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">choose…</option>
          {(accounts.data ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <select aria-label="What to remember" value={remember} onChange={(e) => setRemember(e.target.value as typeof remember)}>
        <option value="contact">and remember the sender</option>
        <option value="domain">and remember the sender's domain</option>
        <option value="none">this once</option>
      </select>{' '}
      <button type="submit" disabled={to === '' || reassign.isPending}>
        Move
      </button>
    </form>
  );
}

/**
 * The conversation's running SLA clocks (first reply, next reply, resolution), each ticking, or
 * why it is paused; and its status, which the commander sets (pending pauses the clocks).
 */
function ConversationSla({ id, canAct, onNotice }: { id: number; canAct: boolean; onNotice: (t: string) => void }) {
  const { data } = useCall('conversations.clocks', { id });
  const setStatus = useCommand('conversations.setStatus');
  if (!data) return null;
  const open = data.clocks.filter((c) => c.stoppedAt === null);
  const change = (status: 'open' | 'pending' | 'resolved', done: string): void => {
    setStatus.mutateAsync({ id, status }).then(
      () => onNotice(done),
      (err: Error) => onNotice(err.message),
    );
  };
  return (
    <span className="conversation-sla" data-testid="conversation-sla">
      <span className="muted">{data.status}</span>
      {open.map((c) =>
        c.state === 'paused' || c.dueAt === null ? (
          <span key={`${c.metric}-${c.cycle}`} className="muted">
            {' '}
            · {c.label} paused ({c.pausedReason ?? 'waiting'})
          </span>
        ) : (
          <span key={`${c.metric}-${c.cycle}`} className="deadline-inline">
            {' '}
            · {c.label} <LiveText reading={countdownReading(c.dueAt, c.targetMs)} deps={[c.dueAt, c.targetMs]} />
          </span>
        ),
      )}
      {canAct && data.status !== 'resolved' && (
        <>
          {data.status === 'open' ? (
            <button type="button" className="link" onClick={() => change('pending', 'Waiting on the customer: its clocks pause')}>
              pending
            </button>
          ) : (
            <button type="button" className="link" onClick={() => change('open', 'Open again: its clocks run')}>
              open
            </button>
          )}
          <button type="button" className="link" onClick={() => change('resolved', 'Conversation resolved')}>
            resolve
          </button>
        </>
      )}
    </span>
  );
}

/** Answers the customer where they wrote: email threads by SMTP, Slack threads in Slack. */
function ReplyForm({ conversationId, onDone }: { conversationId: number; onDone: (text: string) => void }) {
  const reply = useCommand('conversations.reply');
  const [text, setText] = useState('');
  return (
    <form
      className="update-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() === '') return;
        reply.mutateAsync({ id: conversationId, text }).then(
          (r) => {
            setText('');
            onDone(r.channelKind === 'email' ? 'Reply sent by email' : 'Reply posted in Slack');
          },
          (err: Error) => onDone(err.message),
        );
      }}
    >
      <textarea aria-label="Reply to the customer" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit" disabled={reply.isPending || text.trim() === ''}>
        Send reply
      </button>
    </form>
  );
}

export function Timeline({
  accountId,
  first,
  timeZone,
  canAct,
  onNotice,
}: {
  accountId: number;
  first: AccountDetail['conversations'];
  timeZone: string;
  canAct: boolean;
  onNotice: (t: string) => void;
}) {
  const [before, setBefore] = useState<number[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <>
      <ol className="timeline account-timeline" data-testid="account-timeline">
        {first.timeline.map((c) => (
          <ConversationRow
            key={c.id}
            c={c}
            timeZone={timeZone}
            canAct={canAct}
            open={open === c.id}
            onToggle={() => setOpen(open === c.id ? null : c.id)}
            onNotice={onNotice}
          />
        ))}
        {before.map((b) => (
          <OlderPage
            key={b}
            accountId={accountId}
            before={b}
            timeZone={timeZone}
            canAct={canAct}
            open={open}
            setOpen={setOpen}
            onNotice={onNotice}
          />
        ))}
      </ol>
      <MoreButton accountId={accountId} pages={before} firstNext={first.nextBefore} onMore={(b) => setBefore([...before, b])} />
    </>
  );
}

function ConversationRow({
  c,
  timeZone,
  canAct,
  open,
  onToggle,
  onNotice,
}: {
  c: AccountConversation;
  timeZone: string;
  canAct: boolean;
  open: boolean;
  onToggle: () => void;
  onNotice: (t: string) => void;
}) {
  const [replying, setReplying] = useState(false);
  return (
    <li data-testid="account-conversation">
      <span className="muted">
        {when(c.lastMessageAt, timeZone)} · {channelLabel[c.channelKind] ?? c.channelKind} · {c.channel} · {c.from ?? 'unknown sender'} ·{' '}
        {c.messageCount} {c.messageCount === 1 ? 'message' : 'messages'}
        {c.incident && ` · ${c.incident.publicId}`}
      </span>{' '}
      {c.waitingSince !== null && <strong className="warn">waiting for a reply since {when(c.waitingSince, timeZone)} · </strong>}
      <span className="excerpt">{c.subject && !c.excerpt.startsWith(c.subject) ? `${c.subject} — ${c.excerpt}` : c.excerpt}</span>
      <ConversationSla id={c.id} canAct={canAct} onNotice={onNotice} />
      {canAct && (c.channelKind === 'email' || c.channelKind === 'slack') && (
        <button type="button" className="link" onClick={() => setReplying(!replying)} aria-expanded={replying}>
          reply
        </button>
      )}
      {canAct && (
        <button type="button" className="link" onClick={onToggle} aria-expanded={open}>
          wrong account?
        </button>
      )}
      {replying && (
        <ReplyForm
          conversationId={c.id}
          onDone={(t) => {
            setReplying(false);
            onNotice(t);
          }}
        />
      )}
      {open && <Reassign conversation={c} onDone={onNotice} />}
    </li>
  );
}

function OlderPage({
  accountId,
  before,
  timeZone,
  canAct,
  open,
  setOpen,
  onNotice,
}: {
  accountId: number;
  before: number;
  timeZone: string;
  canAct: boolean;
  open: number | null;
  setOpen: (id: number | null) => void;
  onNotice: (t: string) => void;
}) {
  const { data } = useCall('accounts.get', { id: accountId, conversationsBefore: before });
  return (
    <>
      {(data?.conversations.timeline ?? []).map((c) => (
        <ConversationRow
          key={c.id}
          c={c}
          timeZone={timeZone}
          canAct={canAct}
          open={open === c.id}
          onToggle={() => setOpen(open === c.id ? null : c.id)}
          onNotice={onNotice}
        />
      ))}
    </>
  );
}

function MoreButton({
  accountId,
  pages,
  firstNext,
  onMore,
}: {
  accountId: number;
  pages: number[];
  firstNext: number | null;
  onMore: (before: number) => void;
}) {
  const last = pages[pages.length - 1];
  const lastPage = useCall('accounts.get', last === undefined ? { id: accountId } : { id: accountId, conversationsBefore: last });
  const next = last === undefined ? firstNext : (lastPage.data?.conversations.nextBefore ?? null);
  if (next === null) return null;
  return (
    <button type="button" onClick={() => onMore(next)}>
      Older conversations
    </button>
  );
}
