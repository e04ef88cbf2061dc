import { useEffect, useState } from 'react';
import type { ChannelHealth, WallboardSnapshot } from '../../../shared/contract/views';
import { formatAge } from '../../../shared/domain/format';
import { severityName } from '../../../shared/domain/severity';
import { hostNow } from '../live/connection';
import { onSecond } from '../ticker';

const kindName: Record<string, string> = {
  email: 'Email',
  slack: 'Slack',
  chat: 'Chat',
  webhook: 'Webhooks',
  helpdesk: 'Helpdesk',
  file: 'Files',
  demo: 'Demo',
  manual: 'Manual',
};

export function useSecond(): number {
  const [now, setNow] = useState(hostNow);
  useEffect(() => onSecond(setNow), []);
  return now;
}

function Freshness({ channel, now }: { channel: ChannelHealth; now: number }) {
  const age = channel.lastSuccessAt === null ? null : now - channel.lastSuccessAt;
  const stale = channel.status === 'paused' ? false : age === null || age > channel.staleAfterMs;
  const state = channel.status === 'paused' ? 'paused' : stale ? 'stale' : 'fresh';
  return (
    <li className="freshness" data-state={state} title={channel.lastError ?? undefined} data-testid="freshness">
      <span className="freshness-name">{kindName[channel.kind] ?? channel.name}</span>
      <span className="freshness-age">
        {state === 'paused' ? 'paused' : age === null ? 'never synced' : stale ? `STALE ${formatAge(age)}` : `${formatAge(age)} ago`}
      </span>
    </li>
  );
}

/** The header answers "is anything on fire" in counts, and whether the board itself can be trusted. */
export function Header({ snapshot }: { snapshot: WallboardSnapshot }) {
  const now = useSecond();
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone: snapshot.workspace.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  const zone = snapshot.workspace.timeZone.split('/').pop()?.replace(/_/g, ' ');
  const c = snapshot.compliance24h;
  return (
    <header className="board-header">
      <div className="brand">
        <span className="brand-name">Watchfloor</span>
        <span className="workspace">{snapshot.workspace.name}</span>
      </div>
      <ul className="sev-counts" aria-label="Open incidents by severity">
        {(['P1', 'P2', 'P3', 'P4'] as const).map((s) => (
          <li key={s} className={`sev-count sev-${s}`} data-zero={snapshot.counts[s] === 0 ? 'yes' : 'no'} title={severityName[s]}>
            <span className="sev-count-label">{s}</span>
            <span className="sev-count-n">{snapshot.counts[s]}</span>
          </li>
        ))}
      </ul>
      <ul className="kpis">
        <li className="kpi" data-alert={snapshot.breachedNow > 0 ? 'breached' : 'no'}>
          <span className="kpi-n" data-testid="breached-now">
            {snapshot.breachedNow}
          </span>
          <span className="kpi-label">breached</span>
        </li>
        <li className="kpi" data-alert={snapshot.atRisk > 0 ? 'warning' : 'no'}>
          <span className="kpi-n">{snapshot.atRisk}</span>
          <span className="kpi-label">at risk</span>
        </li>
        <li className="kpi">
          <span className="kpi-n">{c.pct === null ? '—' : `${Math.round(c.pct)}%`}</span>
          <span className="kpi-label">SLA met 24 h</span>
        </li>
      </ul>
      <ul className="channels" aria-label="Channel freshness">
        {snapshot.channels.map((ch) => (
          <Freshness key={ch.id} channel={ch} now={now} />
        ))}
      </ul>
      <div className="clock" data-testid="wall-clock">
        <span className="clock-time">{clock}</span>
        <span className="clock-zone">{zone}</span>
      </div>
    </header>
  );
}
