import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { PolicyMove, SlaPolicyEdit, SlaPolicyView } from '../../../shared/contract/views';
import { slaMetricLabel } from '../../../shared/domain/incidentEvents';
import { Severity } from '../../../shared/domain/severity';
import { useCall, useCommand, useTransport } from '../api';
import { editFrom, formFrom, METRICS, WEEKDAYS, type MetricForm, type PolicyForm } from './policyForm';

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function when(at: number, timeZone: string): string {
  let f = timeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(timeZone, f);
  }
  return f.format(at);
}

const minutesText = (ms: number): string => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`);

/** Which open incidents the edit would move, asked of the host as the form changes; nothing is written. */
function usePreview(policyId: number, edit: SlaPolicyEdit | null) {
  const transport = useTransport();
  return useQuery({
    queryKey: ['policies.preview', { policyId, edit }],
    queryFn: () => transport.call('policies.preview', { policyId, edit: edit! }),
    enabled: edit !== null,
    retry: false,
    staleTime: 5_000,
  });
}

function Moves({ moves, timeZone }: { moves: PolicyMove[]; timeZone: string }) {
  const moving = moves.filter((m) => m.clocks.length > 0);
  const versionOnly = moves.length - moving.length;
  if (moves.length === 0) return <p className="muted">No open incident's clocks would change.</p>;
  return (
    <>
      <p>
        {moving.length === 0
          ? 'No deadline of an open incident would move.'
          : `${moving.length} open ${moving.length === 1 ? 'incident' : 'incidents'} would get new deadlines:`}
        {versionOnly > 0 && ` ${versionOnly} more would only move to the new version.`}
      </p>
      <ul className="move-list" data-testid="policy-moves">
        {moving.map((m) => (
          <li key={m.incidentId}>
            <strong>
              {m.publicId} {m.severity}
            </strong>{' '}
            {m.title}
            <ul>
              {m.clocks.map((c) => (
                <li key={c.metric}>
                  {slaMetricLabel[c.metric]}: {minutesText(c.before.targetMs)} → {minutesText(c.after.targetMs)}, due{' '}
                  {when(c.before.dueAt, timeZone)} → <strong>{when(c.after.dueAt, timeZone)}</strong>
                  {c.after.state === 'breached' && c.before.state !== 'breached' && <strong className="warn"> · would breach</strong>}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}

function MetricRow({ label, value, onChange }: { label: string; value: MetricForm; onChange: (v: MetricForm) => void }) {
  return (
    <tr>
      <th scope="row">
        <label>
          <input type="checkbox" checked={value.enabled} onChange={(e) => onChange({ ...value, enabled: e.target.checked })} /> {label}
        </label>
      </th>
      <td>
        <input
          aria-label={`${label} target in minutes`}
          inputMode="decimal"
          value={value.minutes}
          disabled={!value.enabled}
          onChange={(e) => onChange({ ...value, minutes: e.target.value })}
        />
      </td>
      <td>
        <select
          aria-label={`${label} calendar`}
          value={value.businessHours ? 'business' : '24x7'}
          disabled={!value.enabled}
          onChange={(e) => onChange({ ...value, businessHours: e.target.value === 'business' })}
        >
          <option value="24x7">24×7</option>
          <option value="business">business hours</option>
        </select>
      </td>
      <td>
        <input
          aria-label={`${label} warnings, minutes before due`}
          value={value.warnings}
          disabled={!value.enabled}
          placeholder="e.g. 5, 15"
          onChange={(e) => onChange({ ...value, warnings: e.target.value })}
        />
      </td>
    </tr>
  );
}

function PolicyEditor({
  policy,
  tiers,
  timeZone,
  canAct,
  onNotice,
}: {
  policy: SlaPolicyView;
  tiers: string[];
  timeZone: string;
  canAct: boolean;
  onNotice: (text: string) => void;
}) {
  const [form, setForm] = useState<PolicyForm>(() => formFrom(policy.current));
  const parsed = editFrom(form);
  // Read back through the same translation, so only a real change counts as one.
  const saved = editFrom(formFrom(policy.current));
  const unchanged = parsed.ok && saved.ok && JSON.stringify(parsed.edit) === JSON.stringify(saved.edit);
  const preview = usePreview(policy.id, parsed.ok && !unchanged ? parsed.edit : null);
  const save = useCommand('policies.save');
  const moving = (preview.data ?? []).length;
  const problem = !parsed.ok ? parsed.message : preview.isError && !unchanged ? preview.error.message : null;
  const toggle = <T,>(list: T[], item: T, on: boolean): T[] => (on ? [...list, item] : list.filter((x) => x !== item));
  const submit = (reapply: boolean): void => {
    if (!parsed.ok) return;
    save.mutateAsync({ policyId: policy.id, edit: parsed.edit, reapply }).then(
      (r) =>
        onNotice(
          `Saved ${policy.name} v${r.version}` +
            (reapply
              ? `; ${r.moved.length} open ${r.moved.length === 1 ? 'incident' : 'incidents'} moved to it`
              : '; running clocks keep their version'),
        ),
      (e: Error) => onNotice(e.message),
    );
  };
  return (
    <form className="policy-form" data-testid="policy-form" onSubmit={(e) => e.preventDefault()}>
      <fieldset disabled={!canAct}>
        <legend>
          {policy.name} · v{policy.current.version}
        </legend>
        <p className="field-row">
          <span className="field-name">Matches severity</span>
          {Severity.options.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={form.severities.includes(s)}
                onChange={(e) => setForm({ ...form, severities: toggle(form.severities, s, e.target.checked) })}
              />{' '}
              {s}
            </label>
          ))}
          <span className="muted">{form.severities.length === 0 && '(any)'}</span>
        </p>
        <p className="field-row">
          <span className="field-name">and tier</span>
          {tiers.map((t) => (
            <label key={t}>
              <input
                type="checkbox"
                checked={form.tiers.includes(t)}
                onChange={(e) => setForm({ ...form, tiers: toggle(form.tiers, t, e.target.checked) })}
              />{' '}
              {t}
            </label>
          ))}
          <span className="muted">{form.tiers.length === 0 && '(any)'}</span>
        </p>
        <table className="metric-table">
          <thead>
            <tr>
              <th scope="col">Clock</th>
              <th scope="col">Target, minutes</th>
              <th scope="col">Counts in</th>
              <th scope="col">Warn, minutes before</th>
            </tr>
          </thead>
          <tbody>
            {METRICS.map((m) => (
              <MetricRow
                key={m}
                label={slaMetricLabel[m]}
                value={form.metrics[m]}
                onChange={(v) => setForm({ ...form, metrics: { ...form.metrics, [m]: v } })}
              />
            ))}
          </tbody>
        </table>
        <p className="field-row">
          <label>
            <input
              type="checkbox"
              checked={form.alarmsOutsideHours}
              onChange={(e) => setForm({ ...form, alarmsOutsideHours: e.target.checked })}
            />{' '}
            Alarms may fire outside business hours
          </label>
        </p>
        <h3>Business hours</h3>
        <p className="field-row">
          <label>
            Time zone{' '}
            <input
              value={form.timeZone}
              placeholder={`${timeZone} (the workspace's)`}
              onChange={(e) => setForm({ ...form, timeZone: e.target.value })}
            />
          </label>
        </p>
        <div className="hours-grid">
          {WEEKDAYS.map((d) => (
            <label key={d}>
              <span className="field-name">{d}</span>
              <input
                value={form.hours[d]}
                placeholder="closed"
                aria-label={`${d} hours, e.g. 09:00-12:30, 13:30-17:00`}
                onChange={(e) => setForm({ ...form, hours: { ...form.hours, [d]: e.target.value } })}
              />
            </label>
          ))}
        </div>
        <p className="field-row">
          <label>
            Holidays{' '}
            <input
              className="wide"
              value={form.holidays}
              placeholder="2026-12-24, 12-25, 01-01"
              onChange={(e) => setForm({ ...form, holidays: e.target.value })}
            />
          </label>
        </p>
      </fieldset>
      <section className="preview" aria-live="polite">
        <h3>Before you save</h3>
        {problem ? (
          <p className="form-error" role="alert" data-testid="policy-error">
            {problem}
          </p>
        ) : unchanged ? (
          <p className="muted" data-testid="policy-unchanged">
            No changes to save. Running clocks:{' '}
            {Object.entries(policy.runningClocks)
              .map(([v, n]) => `${n} under ${v}`)
              .join(', ') || 'none'}
            .
          </p>
        ) : preview.data ? (
          <Moves moves={preview.data} timeZone={timeZone} />
        ) : (
          <p className="muted">Checking open incidents…</p>
        )}
      </section>
      {canAct && (
        <div className="actions">
          <button type="button" disabled={unchanged || problem !== null || save.isPending} onClick={() => submit(false)}>
            Save as v{policy.current.version + 1}
          </button>
          <button type="button" disabled={unchanged || problem !== null || save.isPending || moving === 0} onClick={() => submit(true)}>
            Save and re-apply to {moving} open {moving === 1 ? 'incident' : 'incidents'}
          </button>
        </div>
      )}
    </form>
  );
}

/**
 * The SLA policies in match order (first match wins), each editable: severities and tiers it
 * matches, a target, calendar and warnings per clock, its business hours and holidays. An edit is
 * checked by the host as it is typed, with the open incidents it would move; saving makes a new
 * version, and running clocks move to it only when re-applied.
 */
export function SlaSettingsPanel({
  canAct,
  tiers,
  timeZone,
  onClose,
}: {
  canAct: boolean;
  tiers: string[];
  timeZone: string;
  onClose: () => void;
}) {
  const { data } = useCall('policies.list', {});
  const [selected, setSelected] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    panel.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement)) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const policies = data ?? [];
  const policy = policies.find((p) => p.id === selected) ?? policies[0];
  return (
    <aside className="incident-panel settings-panel" ref={panel} tabIndex={-1} aria-label="SLA policies" data-testid="sla-settings">
      <header className="panel-head">
        <h1 className="panel-title">SLA policies</h1>
        <button type="button" className="close" onClick={onClose} aria-label="Back to the board (Esc)">
          Esc
        </button>
      </header>
      <p className="muted">First match wins, top to bottom. Targets count in 24×7 time or in the policy's business hours.</p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ol className="policy-list">
        {policies.map((p) => {
          const running = Object.values(p.runningClocks).reduce((a, b) => a + b, 0);
          return (
            <li key={p.id}>
              <button type="button" aria-pressed={p.id === policy?.id} onClick={() => setSelected(p.id)}>
                {p.name} <span className="muted">v{p.current.version}</span>
                <span className="muted"> · {running} running clocks</span>
              </button>
            </li>
          );
        })}
      </ol>
      {policy && (
        <PolicyEditor
          key={`${policy.id}@${policy.current.version}`}
          policy={policy}
          tiers={tiers}
          timeZone={timeZone}
          canAct={canAct}
          onNotice={setNotice}
        />
      )}
    </aside>
  );
}
