import { useEffect, useRef, useState } from 'react';
import type { ClockView, IncidentDetail } from '../../../shared/contract/views';
import { businessRemainingAt, isCountingAt } from '../../../shared/domain/businessTime';
import { formatCountdown, formatMoneyCents } from '../../../shared/domain/format';
import { statusLabel, transitionKind, type IncidentStatus } from '../../../shared/domain/incidentStatus';
import type { Severity } from '../../../shared/domain/severity';
import { useCall, useCommand } from '../api';
import { countdownReading, type LiveReading } from '../ticker';
import { AccountChip } from '../wallboard/AccountChip';
import { LiveText } from '../wallboard/LiveText';
import { SeverityBadge } from '../wallboard/SeverityBadge';
import { describeEvent } from './describeEvent';

const nextStatus: Partial<Record<IncidentStatus, Exclude<IncidentStatus, 'merged'>>> = {
  detected: 'investigating',
  investigating: 'identified',
  identified: 'monitoring',
  monitoring: 'resolved',
  resolved: 'closed',
};

const formats = new Map<string, Intl.DateTimeFormat>();
/** Times in the workspace's zone, the one the wall clock shows, whatever the laptop's own zone. */
function timeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** Business time left, ticking only while the calendar is open, with the reason when it is not. */
function businessReading(clock: ClockView): (now: number) => LiveReading {
  const intervals = clock.openIntervals ?? [];
  const remaining = clock.remainingBusinessMs ?? 0;
  return (now) => {
    const left = businessRemainingAt(remaining, intervals, now);
    const counting = isCountingAt(intervals, now);
    return { text: `${formatCountdown(left)} business${counting ? '' : ` · paused, ${clock.pausedReason ?? 'outside business hours'}`}` };
  };
}

function ClockRow({ clock, timeZone, waitingSince }: { clock: ClockView; timeZone: string; waitingSince: number | null }) {
  if (clock.state === 'paused') {
    return (
      <li className="clock-row" data-state="paused" title={clock.policy}>
        <span className="clock-label">
          {clock.label}
          {clock.cycle > 0 && <span className="muted"> · cycle {clock.cycle + 1}</span>}
        </span>
        <span className="clock-value" data-testid="paused-clock">
          paused · {formatCountdown(clock.remainingBusinessMs ?? 0)} left
        </span>
        <span className="muted">
          {clock.pausedReason}
          {waitingSince !== null && ` since ${timeFormat(timeZone).format(waitingSince)}`}
        </span>
      </li>
    );
  }
  const running = clock.stoppedAt === null;
  return (
    <li className="clock-row" data-state={clock.state} title={clock.policy}>
      <span className="clock-label">
        {clock.label}
        {clock.cycle > 0 && <span className="muted"> · cycle {clock.cycle + 1}</span>}
        {running && clock.calendar === 'business' && clock.remainingBusinessMs !== null && (
          <LiveText className="business" reading={businessReading(clock)} deps={[clock.remainingBusinessMs, clock.openIntervals]} />
        )}
      </span>
      {/* Keyed apart: the ticker writes a tone onto a running clock's cell, which a stopped one must not inherit. */}
      {running ? (
        <span className="clock-value" key="running">
          <LiveText
            reading={countdownReading(clock.dueAt, clock.targetMs)}
            deps={[clock.dueAt, clock.targetMs]}
            className="clock-countdown"
          />
        </span>
      ) : (
        <span className="clock-value" key="stopped">
          {clock.state === 'breached' ? 'breached' : 'met'} · {timeFormat(timeZone).format(clock.stoppedAt ?? clock.dueAt)}
        </span>
      )}
      <span className="muted">due {timeFormat(timeZone).format(clock.dueAt)}</span>
    </li>
  );
}

/**
 * One incident for the commander: everything it hurts, every clock, every report and the whole
 * timeline, with keyboard actions — a acknowledge, t take command, 1–4 severity, n next status,
 * u update customers, w wait on the customer (or stop waiting), Esc back to the board.
 */
export function IncidentPanel({
  id,
  actor,
  canAct,
  timeZone,
  onClose,
}: {
  id: number;
  actor: string;
  canAct: boolean;
  timeZone: string;
  onClose: () => void;
}) {
  const { data, isError, error } = useCall('incidents.get', { id });
  const detail: IncidentDetail | undefined = data?.card.id === id ? data : undefined;
  const acknowledge = useCommand('incidents.acknowledge');
  const assign = useCommand('incidents.assign');
  const setSeverity = useCommand('incidents.setSeverity');
  const transition = useCommand('incidents.transition');
  const postUpdate = useCommand('incidents.postUpdate');
  const waitOnCustomer = useCommand('incidents.waitOnCustomer');
  const resumeClocks = useCommand('incidents.resumeClocks');
  const unlink = useCommand('incidents.unlink');
  const accept = useCommand('suggestions.accept');
  const dismiss = useCommand('suggestions.dismiss');
  const suggestions = useCall('suggestions.list', {});
  const outreach = useCall('outreach.list', { id });
  const confirm = useCommand('incidents.confirmCustomer');
  const proposed = (suggestions.data ?? []).filter((s) => s.incident?.id === id);
  const [updating, setUpdating] = useState(false);
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const panel = useRef<HTMLElement>(null);

  const toggleWaiting = (): void => {
    if (!detail) return;
    if (detail.waitingSince === null)
      run(waitOnCustomer.mutateAsync({ id }), 'Waiting on the customer: customer-update and resolve clocks paused');
    else run(resumeClocks.mutateAsync({ id }), 'Clocks running again');
  };

  const run = (p: Promise<unknown>, done: string): void => {
    p.then(
      () => setNotice(done),
      (e: Error) => setNotice(e.message),
    );
  };

  useEffect(() => {
    panel.current?.focus();
  }, [id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.target instanceof HTMLTextAreaElement) {
        if (e.key === 'Escape') setUpdating(false);
        return;
      }
      if (e.key === 'Escape') return onClose();
      if (!canAct || !detail || e.ctrlKey || e.metaKey || e.altKey) return;
      const card = detail.card;
      if (e.key === 'a') run(acknowledge.mutateAsync({ id }), `${card.publicId} acknowledged`);
      else if (e.key === 't') run(assign.mutateAsync({ id, commander: actor }), `${actor} took command of ${card.publicId}`);
      else if (/^[1-4]$/.test(e.key)) run(setSeverity.mutateAsync({ id, severity: `P${e.key}` as Severity }), `Severity set to P${e.key}`);
      else if (e.key === 'n') {
        const to = nextStatus[card.status];
        if (to) run(transition.mutateAsync({ id, to }), `${card.publicId} is now ${statusLabel[to].toLowerCase()}`);
      } else if (e.key === 'u') {
        e.preventDefault();
        setUpdating(true);
      } else if (e.key === 'w') toggleWaiting();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!detail) {
    return (
      <aside className="incident-panel" ref={panel} tabIndex={-1} aria-label="Incident">
        <p className="muted">{isError ? error.message : 'Loading the incident…'}</p>
      </aside>
    );
  }
  const { card } = detail;
  const to = nextStatus[card.status];
  return (
    <aside className="incident-panel" ref={panel} tabIndex={-1} aria-label={`Incident ${card.publicId}`} data-testid="incident-panel">
      <header className="panel-head">
        <SeverityBadge severity={card.severity} />
        <span className="status">{statusLabel[card.status]}</span>
        <span className="muted">{card.publicId}</span>
        <button type="button" className="close" onClick={onClose} aria-label="Back to the board (Esc)">
          Esc
        </button>
      </header>
      <h1 className="panel-title">{card.title}</h1>
      <p className="panel-owner">{card.commander ? `Commander: ${card.commander}` : 'UNASSIGNED'}</p>
      {card.priorityReasons.length > 0 && (
        <p className="panel-reasons" data-testid="panel-reasons">
          {card.priorityReasons.join(' · ')}
        </p>
      )}
      {canAct && (
        <div className="actions" role="toolbar" aria-label="Actions">
          <button
            type="button"
            disabled={card.acknowledgedAt !== null}
            onClick={() => run(acknowledge.mutateAsync({ id }), 'Acknowledged')}
          >
            <kbd>a</kbd> acknowledge
          </button>
          <button type="button" onClick={() => run(assign.mutateAsync({ id, commander: actor }), `${actor} took command`)}>
            <kbd>t</kbd> take command
          </button>
          <button
            type="button"
            disabled={!to || transitionKind(card.status, to) === null}
            onClick={() => to && run(transition.mutateAsync({ id, to }), `Now ${to}`)}
          >
            <kbd>n</kbd> {to ? statusLabel[to].toLowerCase() : 'no next status'}
          </button>
          <button type="button" onClick={() => setUpdating(true)}>
            <kbd>u</kbd> update customers
          </button>
          <button type="button" onClick={toggleWaiting} aria-pressed={detail.waitingSince !== null}>
            <kbd>w</kbd> {detail.waitingSince === null ? 'wait on customer' : 'stop waiting'}
          </button>
          <span className="muted">
            <kbd>1</kbd>–<kbd>4</kbd> severity
          </span>
        </div>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {updating && (
        <form
          className="update-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim() === '') return;
            run(postUpdate.mutateAsync({ id, audience: 'external', text }), 'Customer update posted');
            setText('');
            setUpdating(false);
          }}
        >
          <textarea autoFocus value={text} onChange={(e) => setText(e.target.value)} aria-label="Update for customers" rows={3} />
          <button type="submit">Post update</button>
        </form>
      )}
      <section>
        <h2>Clocks</h2>
        <ul className="clock-list">
          {detail.clocks
            .filter((c) => c.stoppedAt === null)
            .concat(detail.clocks.filter((c) => c.stoppedAt !== null).slice(-6))
            .map((c) => (
              <ClockRow key={`${c.metric}-${c.cycle}`} clock={c} timeZone={timeZone} waitingSince={detail.waitingSince} />
            ))}
        </ul>
      </section>
      <section>
        <h2>
          {detail.accounts.length} affected {detail.accounts.length === 1 ? 'account' : 'accounts'} ·{' '}
          {formatMoneyCents(detail.accounts.reduce((s, a) => s + a.arrCents, 0))} ARR
        </h2>
        <ul className="accounts">
          {detail.accounts.map((a) => (
            <AccountChip key={a.id} account={a} onOpen={(accountId) => (window.location.hash = `#/account/${accountId}`)} />
          ))}
        </ul>
      </section>
      {(outreach.data ?? []).length > 0 && (
        <section data-testid="outreach">
          <h2>
            Outreach · {(outreach.data ?? []).filter((o) => o.confirmedAt !== null).length} of {(outreach.data ?? []).length} confirmed
          </h2>
          <table className="metric-table">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Owner</th>
                <th scope="col">Reached</th>
                <th scope="col">Updated</th>
                <th scope="col">Confirmed</th>
              </tr>
            </thead>
            <tbody>
              {(outreach.data ?? []).map((o) => (
                <tr key={o.accountId} data-testid="outreach-row">
                  <td>
                    {o.account} <span className="muted">{o.tier}</span>
                  </td>
                  <td>{o.owner ?? '—'}</td>
                  <td>{o.contactsReached.join(', ') || '—'}</td>
                  <td>{o.updatedAt === null ? 'not yet' : timeFormat(timeZone).format(o.updatedAt)}</td>
                  <td>
                    {o.confirmedAt !== null ? (
                      timeFormat(timeZone).format(o.confirmedAt)
                    ) : canAct ? (
                      <button
                        type="button"
                        onClick={() => run(confirm.mutateAsync({ id, accountId: o.accountId }), `${o.account} confirmed the fix`)}
                      >
                        Mark confirmed
                      </button>
                    ) : (
                      'not yet'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {proposed.length > 0 && (
        <section data-testid="proposed-reports">
          <h2>Proposed for this incident</h2>
          <ul className="reports">
            {proposed.map((p) => (
              <li key={p.id}>
                <span className="evidence">{p.evidence}</span>
                {p.reports.map((r) => (
                  <span key={r.conversationId} className="excerpt">
                    {r.account ?? 'unmatched'}: {r.subject ?? r.excerpt}
                  </span>
                ))}
                {canAct && (
                  <span className="actions">
                    <button type="button" onClick={() => run(accept.mutateAsync({ id: p.id }), 'Report linked')}>
                      Link
                    </button>
                    <button type="button" onClick={() => run(dismiss.mutateAsync({ id: p.id }), 'Proposal dismissed')}>
                      Dismiss
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h2>Reports</h2>
        <ul className="reports">
          {detail.reports.map((r) => (
            <li key={r.conversationId} data-testid="report">
              <span className="muted">
                {timeFormat(timeZone).format(r.at)} · {r.channel} · {r.account?.name ?? 'unmatched'} · {r.from ?? 'unknown sender'}
              </span>
              <span className="excerpt">{r.subject && !r.excerpt.startsWith(r.subject) ? `${r.subject} — ${r.excerpt}` : r.excerpt}</span>
              {canAct && (
                <button
                  type="button"
                  className="unlink"
                  aria-label={`Unlink the report from ${r.account?.name ?? r.from ?? 'an unknown sender'}`}
                  onClick={() => run(unlink.mutateAsync({ id, conversationId: r.conversationId }), 'Report unlinked')}
                >
                  Unlink
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>Timeline</h2>
        <ol className="timeline" data-testid="timeline">
          {detail.events.map((e) => (
            <li key={e.id}>
              <span className="muted">{timeFormat(timeZone).format(e.at)}</span> <span>{describeEvent(e)}</span>{' '}
              <span className="muted">· {e.actor}</span>
            </li>
          ))}
        </ol>
      </section>
    </aside>
  );
}
