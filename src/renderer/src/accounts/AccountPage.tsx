import { useEffect, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AccountIncident } from '../../../shared/contract/accounts';
import { slaMetricLabel } from '../../../shared/domain/incidentEvents';
import { formatMoneyCents } from '../../../shared/domain/format';
import { statusLabel } from '../../../shared/domain/incidentStatus';
import { useCall } from '../api';
import { Timeline, when } from './AccountTimeline';

const fieldName: Record<string, string> = { name: 'Name', tier: 'Tier', arrCents: 'ARR', renewalDate: 'Renewal', owner: 'Owner' };
const healthWord = { good: 'Healthy', watch: 'Watch', at_risk: 'At risk' } as const;

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
