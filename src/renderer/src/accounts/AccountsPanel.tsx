import { useEffect, useRef, useState } from 'react';
import type { ImportPreview } from '../../../shared/contract/accounts';
import { formatMoneyCents } from '../../../shared/domain/format';
import { useCall, useCommand } from '../api';

/** Reads a chosen file as text, refusing what is far too big to be an account list. */
async function readFile(file: File): Promise<string> {
  if (file.size > 150 * 1024 * 1024)
    throw new Error(`${file.name} is ${(file.size / 1048576).toFixed(0)} MiB; import files this big with the CLI`);
  return file.text();
}

function Preview({ preview }: { preview: ImportPreview }) {
  const s = preview.summary;
  return (
    <div className="import-preview" data-testid="import-preview">
      <p>
        <strong>
          {s.rows} rows of {s.kind} in {s.fileName}: {s.add} to add, {s.change} to change, {s.skip} unchanged
          {s.problems > 0 &&
            `, ${s.problems} ${s.problems === 1 ? 'problem' : 'problems'} in ${s.invalidRows} ${s.invalidRows === 1 ? 'row' : 'rows'}`}
          .
        </strong>
      </p>
      <p className="muted">
        Columns read:{' '}
        {Object.entries(s.columns)
          .map(([field, column]) => `${field} ← “${column}”`)
          .join(', ') || 'none'}
        {s.ignoredColumns.length > 0 && `; ignored: ${s.ignoredColumns.join(', ')}`}
      </p>
      {preview.problems.length > 0 && (
        <ul className="problems" data-testid="import-problems">
          {preview.problems.slice(0, 50).map((p, i) => (
            <li key={i}>
              {p.row === null ? 'File' : `Row ${p.row}`}
              {p.column && `, column “${p.column}”`}
              {p.cell && ` (${p.cell})`}: {p.message}
            </li>
          ))}
          {preview.problems.length > 50 && <li>… and {preview.problems.length - 50} more</li>}
        </ul>
      )}
      <ul className="reports">
        {preview.entries
          .filter((e) => e.action !== 'skip')
          .slice(0, 30)
          .map((e) => (
            <li key={`${e.action}-${e.row}`}>
              <strong>{e.action}</strong> row {e.row} · {e.key}
              {e.changes &&
                ` · ${Object.entries(e.changes)
                  .map(([f, c]) => `${f}: ${String(c.before ?? '—')} → ${String(c.after ?? '—')}`)
                  .join(', ')}`}
            </li>
          ))}
      </ul>
    </div>
  );
}

/** Import accounts or contacts: preview what would change, then apply. */
function Importer({ canAct, onNotice }: { canAct: boolean; onNotice: (t: string) => void }) {
  const previewCall = useCommand('accounts.importPreview');
  const applyCall = useCommand('accounts.importApply');
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = async (f: File | undefined): Promise<void> => {
    setPreview(null);
    setError(null);
    if (!f) return;
    try {
      const content = await readFile(f);
      setFile({ name: f.name, content });
      setPreview(await previewCall.mutateAsync({ fileName: f.name, content }));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const apply = (skipInvalid: boolean): void => {
    if (!file) return;
    applyCall.mutateAsync({ fileName: file.name, content: file.content, skipInvalid }).then(
      (r) => {
        onNotice(
          `Imported ${file.name}: ${r.summary.add} added, ${r.summary.change} changed${skipInvalid ? `, ${r.summary.invalidRows} rows with problems left out` : ''}`,
        );
        setPreview(null);
        setFile(null);
      },
      (err: Error) => setError(err.message),
    );
  };
  if (!canAct) return null;
  return (
    <section className="importer">
      <h2>Import accounts or contacts</h2>
      <p className="muted">CSV, JSON or JSON Lines. Nothing is written until you import; see docs/accounts.md for the columns.</p>
      <input
        type="file"
        accept=".csv,.json,.jsonl,.ndjson,text/csv,application/json"
        aria-label="Choose a file to import"
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {preview && <Preview preview={preview} />}
      {preview && (
        <div className="actions">
          <button type="button" disabled={preview.summary.problems > 0 || applyCall.isPending} onClick={() => apply(false)}>
            Import {preview.summary.add + preview.summary.change} rows
          </button>
          {preview.summary.problems > 0 && (
            <button type="button" disabled={applyCall.isPending} onClick={() => apply(true)}>
              Import the {preview.summary.rows - preview.summary.invalidRows} valid rows, leave out {preview.summary.invalidRows}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** Senders no account claims, by domain: give them to an account once, and their next message matches by itself. */
function Unmatched({ canAct, onNotice }: { canAct: boolean; onNotice: (t: string) => void }) {
  const { data } = useCall('unmatched.list', {});
  const accounts = useCall('accounts.list', {});
  const resolve = useCommand('unmatched.resolve');
  const [choice, setChoice] = useState<Record<string, string>>({});
  const list = data ?? [];
  return (
    <section data-testid="unmatched">
      <h2>Unmatched senders · {list.reduce((n, g) => n + g.conversations, 0)} conversations</h2>
      {list.length === 0 && <p className="muted">Every customer conversation belongs to an account.</p>}
      <ul className="reports">
        {list.slice(0, 50).map((g) => (
          <li key={g.domain} data-testid="unmatched-sender">
            <strong>{g.domain}</strong>{' '}
            <span className="muted">
              {g.conversations} {g.conversations === 1 ? 'conversation' : 'conversations'} · {g.addresses.join(', ')}
            </span>
            {g.subjects.length > 0 && <span className="excerpt">{g.subjects.join(' · ')}</span>}
            {canAct && (
              <span className="reassign">
                <select
                  aria-label={`Account for ${g.domain}`}
                  value={choice[g.domain] ?? ''}
                  onChange={(e) => setChoice({ ...choice, [g.domain]: e.target.value })}
                >
                  <option value="">choose an account…</option>
                  {(accounts.data ?? []).map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>{' '}
                <button
                  type="button"
                  disabled={!choice[g.domain] || resolve.isPending}
                  onClick={() =>
                    void resolve
                      .mutateAsync({
                        domain: g.domain,
                        accountId: Number(choice[g.domain]),
                        remember: g.publicProvider ? 'contact' : 'domain',
                      })
                      .then(
                        (r) =>
                          onNotice(
                            `${r.moved} ${r.moved === 1 ? 'conversation' : 'conversations'} from ${g.domain} moved; ` +
                              (g.publicProvider ? 'its senders now match that account' : `${g.domain} now matches that account`),
                          ),
                        (err: Error) => onNotice(err.message),
                      )
                  }
                >
                  {g.publicProvider ? 'Assign and remember these senders' : `Assign and remember ${g.domain}`}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Every account, most valuable first, each opening its page; and the import. */
export function AccountsPanel({
  canAct,
  onClose,
  onOpenAccount,
}: {
  canAct: boolean;
  onClose: () => void;
  onOpenAccount: (id: number) => void;
}) {
  const { data } = useCall('accounts.list', {});
  const [notice, setNotice] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    panel.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement)) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const needle = filter.trim().toLowerCase();
  const accounts = (data ?? [])
    .filter((a) => needle === '' || a.name.toLowerCase().includes(needle) || a.domains.some((d) => d.includes(needle)))
    .sort((a, b) => b.arrCents - a.arrCents)
    .slice(0, 200);
  return (
    <aside className="incident-panel settings-panel" ref={panel} tabIndex={-1} aria-label="Accounts" data-testid="accounts-panel">
      <header className="panel-head">
        <h1 className="panel-title">Accounts</h1>
        <button type="button" className="close" onClick={onClose} aria-label="Back to the board (Esc)">
          Esc
        </button>
      </header>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <p className="field-row policy-form">
        <input
          aria-label="Find an account by name or domain"
          placeholder="find by name or domain"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="muted">{(data ?? []).length} accounts</span>
      </p>
      <table className="metric-table accounts-table">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Tier</th>
            <th scope="col">ARR</th>
            <th scope="col">Renewal</th>
            <th scope="col">Owner</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id} data-testid="account-row">
              <td>
                <button type="button" className="link" onClick={() => onOpenAccount(a.id)}>
                  {a.name}
                </button>
              </td>
              <td>{a.tier}</td>
              <td>{formatMoneyCents(a.arrCents)}</td>
              <td>{a.renewalDate ?? '—'}</td>
              <td>{a.owner ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Unmatched canAct={canAct} onNotice={setNotice} />
      <Importer canAct={canAct} onNotice={setNotice} />
    </aside>
  );
}
