import { severityName, type Severity } from '../../../shared/domain/severity';

/** Severity as a label and a word, with its colour and shape as extra cues, never the only one. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`severity severity-${severity}`} aria-label={`Severity ${severity}, ${severityName[severity]}`}>
      <span className="severity-label">{severity}</span>
      <span className="severity-name">{severityName[severity]}</span>
    </span>
  );
}
