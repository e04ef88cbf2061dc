import { memo } from 'react';
import type { AlarmEvent } from '../../../shared/contract/api';
import type { IncidentCard as Card } from '../../../shared/contract/views';
import { formatAge, formatMoneyCents } from '../../../shared/domain/format';
import { slaMetricLabel } from '../../../shared/domain/incidentEvents';
import { statusLabel } from '../../../shared/domain/incidentStatus';
import { AccountChip } from './AccountChip';
import { Countdown } from './Countdown';
import { LiveText } from './LiveText';
import { SeverityBadge } from './SeverityBadge';

const channelName: Record<string, string> = {
  email: 'email',
  slack: 'Slack',
  chat: 'chat',
  webhook: 'webhook',
  helpdesk: 'helpdesk',
  file: 'file',
  manual: 'phone',
  demo: 'demo',
};

/**
 * One incident as the wall reads it: countdown first, then severity and title, then owner, then
 * who is hurt and how much is at stake. The reasons for its rank appear when it has focus.
 */
export const IncidentCard = memo(function IncidentCard({
  card,
  hero,
  fresh,
  alarm,
  onOpen,
}: {
  card: Card;
  hero: boolean;
  fresh: boolean;
  /** The latest SLA alarm raised for this incident, if recent. */
  alarm: AlarmEvent | undefined;
  onOpen: (id: number) => void;
}) {
  const d = card.nextDeadline;
  const shown = card.topAccounts.slice(0, hero ? 3 : 2);
  const accountsLeft = card.accountCount - shown.length;
  return (
    <article
      className={`card sev-${card.severity}${hero ? ' hero' : ''}`}
      data-testid="incident-card"
      data-incident={card.publicId}
      data-fresh={fresh || alarm !== undefined ? 'yes' : undefined}
      tabIndex={0}
      onClick={() => onOpen(card.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onOpen(card.id);
      }}
      aria-label={`${card.publicId} ${card.severity} ${card.title}`}
    >
      <div className="card-top">
        <SeverityBadge severity={card.severity} />
        <span className="status">
          {statusLabel[card.status]}
          {card.waitingOnCustomer && ' · waiting on customer'}
        </span>
        <LiveText
          className="age"
          reading={(now) => ({ text: `${card.publicId} · ${formatAge(now - card.createdAt)}` })}
          deps={[card.publicId, card.createdAt]}
        />
      </div>
      {alarm && (
        <p className="alarm" data-kind={alarm.kind} data-testid="alarm">
          {alarm.kind === 'breach' ? 'BREACHED' : 'WARNING'} · {slaMetricLabel[alarm.metric]}
        </p>
      )}
      <h2 className="card-title">{card.title}</h2>
      {d ? (
        <div className="deadline" data-testid="deadline">
          <span className="deadline-label">
            <span className="when-open">{d.label} due in</span>
            <span className="when-breached">{d.label} overdue · BREACHED</span>
          </span>
          <Countdown deadline={d} />
        </div>
      ) : (
        <div className="deadline" data-tone="calm">
          <span className="deadline-label">
            {card.waitingOnCustomer ? 'Waiting on the customer · clocks paused' : 'No running SLA clock'}
          </span>
        </div>
      )}
      <div className={card.commander ? 'owner' : 'owner unassigned'} data-testid="owner">
        {card.commander ?? 'UNASSIGNED'}
      </div>
      <div className="stake">
        <strong>
          {card.accountCount} {card.accountCount === 1 ? 'account' : 'accounts'}
        </strong>
        {card.arrAtRiskCents > 0 && <strong> · {formatMoneyCents(card.arrAtRiskCents)} ARR</strong>}
        <span className="via">
          {' '}
          · {card.reportCount} reports via {card.channelKinds.map((k) => channelName[k] ?? k).join(', ') || '—'}
        </span>
      </div>
      <ul className="accounts">
        {shown.map((a) => (
          <AccountChip key={a.id} account={a} />
        ))}
        {accountsLeft > 0 && <li className="account more">+{accountsLeft} more</li>}
      </ul>
      <p className="reasons" data-testid="reasons">
        {card.priorityReasons.join(' · ')}
      </p>
    </article>
  );
});
