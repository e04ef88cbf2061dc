import { useEffect, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AccountConversation, AccountDetail, AccountIncident } from '../../../shared/contract/accounts';
import { slaMetricLabel } from '../../../shared/domain/incidentEvents';
import { formatMoneyCents } from '../../../shared/domain/format';
import { statusLabel } from '../../../shared/domain/incidentStatus';
import { useCall, useCommand } from '../api';
import { countdownReading } from '../ticker';
import { LiveText } from '../wallboard/LiveText';

const dateTimes = new Map<string, Intl.DateTimeFormat>();
function when(at: number, timeZone: string): string {
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

const fieldName: Record<string, string> = { name: 'Name', tier: 'Tier', arrCents: 'ARR', renewalDate: 'Renewal', owner: 'Owner' };
const healthWord = { good: 'Healthy', watch: 'Watch', at_risk: 'At risk' } as const;
const channelName: Record<string, string> = {
  email: 'Email',
  slack: 'Slack',
  chat: 'Chat',
  webhook: 'Webhook',
  helpdesk: 'Helpdesk',
  manual: 'Logged',
  demo: 'Demo',
  file: 'File',
};

function IncidentList({
  items,
  timeZone,
  onOpenIncident,
}: {
  items: AccountIncident[];
  timeZone: string;
  onOpenIncident: (id: number) => void;
}) {
  if (items.length === 0) return <p className="muted">None.</p>;
  return (
    <ul className="reports">
      {items.map((i) => (
        <li key={i.id}>
          <button type="button" className="link" onClick={() => onOpenIncident(i.id)}>
            {i.publicId} {i.severity} · {i.title}
          </button>
          <span className="muted">
            {statusLabel[i.status]} · first reported by this account {when(i.firstReportAt, timeZone)}
            {i.breachedClocks > 0 && ` · ${i.breachedClocks} SLA ${i.breachedClocks === 1 ? 'breach' : 'breaches'}`}
          </span>
        </li>
      ))}
    </ul>
  );
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

function Timeline({
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
        {when(c.lastMessageAt, timeZone)} · {channelName[c.channelKind] ?? c.channelKind} · {c.channel} · {c.from ?? 'unknown sender'} ·{' '}
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

/**
 * One account, whole: what it is worth and when it renews, how it is doing and why, every
 * conversation from every channel on one timeline, its incidents and its SLA outcomes of the last
 * 90 days. A wrong match is fixed in one step from its conversation.
 */
export function AccountPage({
  id,
  canAct,
  timeZone,
  onClose,
  onOpenIncident,
}: {
  id: number;
  canAct: boolean;
  timeZone: string;
  onClose: () => void;
  onOpenIncident: (id: number) => void;
}) {
  const { data, isError, error } = useCall('accounts.get', { id });
  const [notice, setNotice] = useState<string | null>(null);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    panel.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !(e.target instanceof HTMLSelectElement)) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  if (!data || data.account.id !== id) {
    return (
      <aside className="incident-panel settings-panel" ref={panel} tabIndex={-1} aria-label="Account">
        <p className="muted">{isError ? error.message : 'Loading the account…'}</p>
      </aside>
    );
  }
  const { account, health, sla, conversations, incidents } = data;
  const chart = sla.byMetric.map((m) => ({ metric: slaMetricLabel[m.metric], met: m.met, breached: m.breached }));
  return (
    <aside
      className="incident-panel settings-panel"
      ref={panel}
      tabIndex={-1}
      aria-label={`Account ${account.name}`}
      data-testid="account-page"
    >
      <header className="panel-head">
        <span className={`tier tier-${account.tier}`}>{account.tier}</span>
        <span className="muted">{account.domains.join(', ')}</span>
        <button type="button" className="close" onClick={onClose} aria-label="Back (Esc)">
          Esc
        </button>
      </header>
      <h1 className="panel-title">{account.name}</h1>
      <p className="panel-owner">
        {formatMoneyCents(account.arrCents)} ARR · {account.renewalDate ? `renews ${account.renewalDate}` : 'no renewal date'} ·{' '}
        {account.owner ? `owner ${account.owner}` : 'no owner'}
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <section className="health" data-level={health.level} data-testid="account-health">
        <h2>Health: {healthWord[health.level]}</h2>
        <ul>
          {health.reasons.map((r) => (
            <li key={r.kind + r.text} data-level={r.level}>
              {r.text}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>Open incidents</h2>
        <IncidentList items={incidents.open} timeZone={timeZone} onOpenIncident={onOpenIncident} />
      </section>
      <section>
        <h2>SLA, last 90 days</h2>
        <p>
          {sla.met} met · {sla.breached} breached · {sla.running} running
        </p>
        {chart.length > 0 && (
          <div
            className="sla-chart"
            data-testid="sla-chart"
            role="img"
            aria-label={`SLA clocks met and breached per metric: ${chart.map((c) => `${c.metric} ${c.met} met, ${c.breached} breached`).join('; ')}`}
          >
            <ResponsiveContainer width="100%" height={180}>
              <BarChart data={chart} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
                <CartesianGrid stroke="#263040" vertical={false} />
                <XAxis dataKey="metric" stroke="#b4bfcb" tick={{ fill: '#eef2f6', fontSize: 13 }} />
                <YAxis allowDecimals={false} stroke="#b4bfcb" tick={{ fill: '#eef2f6', fontSize: 13 }} width={32} />
                <Tooltip contentStyle={{ background: '#141a22', border: '1px solid #263040', color: '#eef2f6' }} />
                <Legend wrapperStyle={{ color: '#eef2f6' }} />
                <Bar dataKey="met" name="met" stackId="a" fill="#7fdcb4" isAnimationActive={false} />
                <Bar dataKey="breached" name="breached" stackId="a" fill="#ff9d9d" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </section>
      <section>
        <h2>
          Conversations · {conversations.total} · {conversations.waiting} waiting for a reply
        </h2>
        <p className="muted">{conversations.byChannel.map((c) => `${c.channel} ${c.count}`).join(' · ')}</p>
        <Timeline key={id} accountId={id} first={conversations} timeZone={timeZone} canAct={canAct} onNotice={setNotice} />
      </section>
      <section>
        <h2>Past incidents</h2>
        <IncidentList items={incidents.past} timeZone={timeZone} onOpenIncident={onOpenIncident} />
      </section>
      <section>
        <h2>History</h2>
        <ul className="reports" data-testid="account-history">
          {data.history.map((h) => (
            <li key={`${h.field}-${h.validFrom}`}>
              <span className="muted">
                {when(h.validFrom, timeZone)}
                {h.validTo !== null && ` – ${when(h.validTo, timeZone)}`}
              </span>{' '}
              {fieldName[h.field] ?? h.field}:{' '}
              {h.field === 'arrCents' && typeof h.value === 'number' ? formatMoneyCents(h.value) : String(h.value ?? '—')}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>Contacts · {data.contactCount}</h2>
        <ul className="reports">
          {data.contacts.map((c) => (
            <li key={c.id}>
              {c.name ?? '—'} <span className="muted">{c.email}</span>
            </li>
          ))}
        </ul>
      </section>
    </aside>
  );
}
