import { slaMetricNoun, type IncidentEvent } from '../../../shared/domain/incidentEvents';
import { statusLabel } from '../../../shared/domain/incidentStatus';

/** One timeline line in words, as a reviewer reads it weeks later. */
export function describeEvent(e: IncidentEvent): string {
  const d = e.data;
  switch (d.type) {
    case 'created':
      return `Opened as ${d.severity}: ${d.title}`;
    case 'acknowledged':
      return 'Acknowledged';
    case 'assigned':
      return d.after ? `${d.after} took command${d.before ? ` from ${d.before}` : ''}` : `${d.before ?? 'The commander'} stepped down`;
    case 'severity_changed':
      return `Severity ${d.before} → ${d.after}`;
    case 'status_changed':
      return `${statusLabel[d.before]} → ${statusLabel[d.after]}${d.note ? ` — ${d.note}` : ''}`;
    case 'title_changed':
      return `Renamed: ${d.after}`;
    case 'update_posted':
      return `${d.audience === 'external' ? 'Customer' : 'Internal'} update: ${d.text}`;
    case 'report_linked':
      return 'Report linked';
    case 'report_unlinked':
      return 'Report unlinked';
    case 'report_dismissed':
      return `Proposed report dismissed (similarity ${d.score.toFixed(2)})`;
    case 'report_reassigned':
      return 'Report moved to another account';
    case 'merged':
      return `Merged into ${d.intoPublicId}`;
    case 'escalated':
      return `Escalated to ${d.to}${d.reason ? ` — ${d.reason}` : ''}`;
    case 'sla_breached':
      return `SLA breached: ${slaMetricNoun[d.metric]}`;
    case 'sla_warning':
      return `SLA warning: ${slaMetricNoun[d.metric]} due in ${Math.round(d.offsetMs / 60_000)} min`;
    case 'customer_confirmed':
      return 'A customer confirmed the fix';
    case 'note':
      return d.text;
    case 'clocks_paused':
      return `Waiting on the customer: customer-update and resolve clocks paused${d.note ? ` — ${d.note}` : ''}`;
    case 'clocks_resumed':
      return d.reason === 'customer_replied' ? 'The customer replied: clocks running again' : 'Stopped waiting: clocks running again';
    case 'sla_reapplied':
      return `SLA policies re-applied (was ${d.policies.join(', ') || 'no policy'})`;
    default:
      return (d as { type: string }).type;
  }
}
