import { useEffect, useRef, useState } from 'react';
import type { GroupingSettings, GroupingSuggestion } from '../../../shared/contract/views';
import { useCall, useCommand } from '../api';
import { channelLabel } from '../channelNames';

function Suggestion({ s, focused, onFocus }: { s: GroupingSuggestion; focused: boolean; onFocus: () => void }) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focused) ref.current?.focus();
  }, [focused]);
  return (
    <li
      ref={ref}
      className="suggestion"
      data-testid="suggestion"
      data-kind={s.kind}
      tabIndex={-1}
      aria-current={focused}
      onFocus={onFocus}
      onClick={onFocus}
    >
      <p className="suggestion-head">
        <strong>
          {s.kind === 'open' ? 'Open a new incident' : `Add to ${s.incident!.publicId} ${s.incident!.severity}: ${s.incident!.title}`}
        </strong>
      </p>
      <p className="evidence" data-testid="evidence">
        {s.evidence}
      </p>
      <ul className="reports">
        {s.reports.map((r) => (
          <li key={r.conversationId}>
            <span className="muted">
              {channelLabel[r.channelKind] ?? r.channelKind} · {r.account ?? 'unmatched sender'}
            </span>{' '}
            {r.subject ?? r.excerpt}
          </li>
        ))}
      </ul>
    </li>
  );
}

function SettingsForm({ settings, canAct, onNotice }: { settings: GroupingSettings; canAct: boolean; onNotice: (t: string) => void }) {
  const [draft, setDraft] = useState(settings);
  const save = useCommand('grouping.save');
  const number = (key: keyof GroupingSettings, value: string): void => setDraft({ ...draft, [key]: Number(value) });
  return (
    <form
      className="policy-form grouping-form"
      data-testid="grouping-settings"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutateAsync(draft).then(
          () => onNotice('Grouping settings saved'),
          (err: Error) => onNotice(err.message),
        );
      }}
    >
      <fieldset disabled={!canAct}>
        <legend>When reports are alike</legend>
        <p className="field-row">
          <label>
            <input type="checkbox" checked={draft.autoOpen} onChange={(e) => setDraft({ ...draft, autoOpen: e.target.checked })} /> Open a
            suspected incident by itself when
          </label>
          <label>
            <input
              aria-label="accounts (K)"
              type="number"
              min={2}
              value={draft.accountsToOpen}
              onChange={(e) => number('accountsToOpen', e.target.value)}
              className="short"
            />{' '}
            accounts report alike within
          </label>
          <label>
            <input
              aria-label="window in minutes"
              type="number"
              min={5}
              value={draft.windowMinutes}
              onChange={(e) => number('windowMinutes', e.target.value)}
              className="short"
            />{' '}
            minutes
          </label>
        </p>
        <p className="field-row">
          <label>
            Propose from similarity{' '}
            <input
              aria-label="propose from similarity"
              type="number"
              step={0.01}
              min={0.05}
              max={1}
              value={draft.suggestAbove}
              onChange={(e) => number('suggestAbove', e.target.value)}
              className="short"
            />
          </label>
          <label>
            join an open incident by itself from{' '}
            <input
              aria-label="join by itself from similarity"
              type="number"
              step={0.01}
              min={0.05}
              max={1}
              value={draft.linkAbove}
              onChange={(e) => number('linkAbove', e.target.value)}
              className="short"
            />
          </label>
        </p>
        {canAct && <button type="submit">Save settings</button>}
      </fieldset>
    </form>
  );
}

/**
 * Watchfloor's proposals that reports belong together, each with its evidence: j/k move, l links
 * (or opens the incident), x dismisses — and the grouping settings (K accounts, the window).
 */
export function SuggestionsPanel({
  canAct,
  onClose,
  onOpenIncident,
}: {
  canAct: boolean;
  onClose: () => void;
  onOpenIncident: (id: number) => void;
}) {
  const { data } = useCall('suggestions.list', {});
  const settings = useCall('grouping.get', {});
  const accept = useCommand('suggestions.accept');
  const dismiss = useCommand('suggestions.dismiss');
  const [focus, setFocus] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const panel = useRef<HTMLElement>(null);
  const list = data ?? [];
  const current = list[Math.min(focus, list.length - 1)];

  useEffect(() => {
    panel.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.target instanceof HTMLInputElement) return;
      if (e.key === 'Escape') return onClose();
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'j' || e.key === 'ArrowDown') setFocus((f) => Math.min(f + 1, Math.max(0, list.length - 1)));
      else if (e.key === 'k' || e.key === 'ArrowUp') setFocus((f) => Math.max(0, f - 1));
      else if (canAct && current && e.key === 'l') {
        accept.mutateAsync({ id: current.id }).then(
          (r) =>
            setNotice(
              current.kind === 'open'
                ? `Opened incident ${r.incidentId} with ${current.reports.length} reports`
                : `Linked to ${current.incident!.publicId}`,
            ),
          (err: Error) => setNotice(err.message),
        );
      } else if (canAct && current && e.key === 'x') {
        dismiss.mutateAsync({ id: current.id }).then(
          () => setNotice('Dismissed: these reports will not be proposed there again'),
          (err: Error) => setNotice(err.message),
        );
      } else if (current?.incident && e.key === 'Enter') onOpenIncident(current.incident.id);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <aside className="incident-panel" ref={panel} tabIndex={-1} aria-label="Grouping proposals" data-testid="suggestions-panel">
      <header className="panel-head">
        <h1 className="panel-title">Proposed groupings</h1>
        <button type="button" className="close" onClick={onClose} aria-label="Back to the board (Esc)">
          Esc
        </button>
      </header>
      <p className="muted">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>l</kbd> link or open · <kbd>x</kbd> dismiss · <kbd>Enter</kbd> open the incident
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {list.length === 0 ? (
        <p className="muted" data-testid="no-suggestions">
          Nothing to decide: every alike report is grouped or was dismissed.
        </p>
      ) : (
        <ol className="suggestion-list">
          {list.map((s, i) => (
            <Suggestion key={s.id} s={s} focused={s.id === current?.id} onFocus={() => setFocus(i)} />
          ))}
        </ol>
      )}
      {settings.data && <SettingsForm key={JSON.stringify(settings.data)} settings={settings.data} canAct={canAct} onNotice={setNotice} />}
    </aside>
  );
}
