import { memo } from 'react';
import type { ChannelHealth, WallboardSnapshot } from '../../../shared/contract/views';
import { formatAge } from '../../../shared/domain/format';
import { severityName } from '../../../shared/domain/severity';
import type { LiveReading } from '../ticker';
import { LiveText } from './LiveText';

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

/** How fresh a channel is, in words and a tone: "12s ago", or amber "STALE 14m" past its threshold. */
export function freshness(channel: ChannelHealth, now: number): LiveReading {
  if (channel.status === 'paused') return { text: 'paused', tone: 'paused' };
  if (channel.lastSuccessAt === null) return { text: 'never synced', tone: 'stale' };
  const age = now - channel.lastSuccessAt;
  return age > channel.staleAfterMs ? { text: `STALE ${formatAge(age)}`, tone: 'stale' } : { text: `${formatAge(age)} ago`, tone: 'fresh' };
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();
function clockFormat(timeZone: string): Intl.DateTimeFormat {
  let f = clockFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, f);
  }
  return f;
}

/** The header answers "is anything on fire" in counts, and whether the board itself can be trusted. */
export const Header = memo(function Header({ snapshot }: { snapshot: WallboardSnapshot }) {
  const zone = snapshot.workspace.timeZone;
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
      <a className="channels-link" href="#/channels" title="Channels (c)">
        <ul className="channels" aria-label="Channel freshness">
          {snapshot.channels.map((ch) => (
            <li key={ch.id} className="freshness" title={ch.lastError ?? undefined} data-testid="freshness">
              <span className="freshness-name">{kindName[ch.kind] ?? ch.name}</span>
              <LiveText
                className="freshness-age"
                reading={(now) => freshness(ch, now)}
                deps={[ch.status, ch.lastSuccessAt, ch.staleAfterMs]}
              />
            </li>
          ))}
        </ul>
      </a>
      <div className="clock" data-testid="wall-clock">
        <LiveText className="clock-time" reading={(now) => ({ text: clockFormat(zone).format(now) })} deps={[zone]} />
        <span className="clock-zone">{zone.split('/').pop()?.replace(/_/g, ' ')}</span>
      </div>
    </header>
  );
});
