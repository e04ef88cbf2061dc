import { useState } from 'react';
import type { ImapSettings } from '../../../shared/contract/views';
import { useCommand } from '../api';

interface Draft {
  name: string;
  host: string;
  port: string;
  secure: boolean;
  user: string;
  password: string;
  mailboxes: string;
}

function settingsOf(d: Draft): ImapSettings | string {
  const port = Number(d.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return 'Port: a number from 1 to 65535';
  if (d.host.trim() === '') return 'Server: the mail server’s host name';
  if (d.user.trim() === '') return 'User: the login name';
  const mailboxes = d.mailboxes
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (mailboxes.length === 0) return 'Mailboxes: at least one, e.g. INBOX';
  return { host: d.host.trim(), port, secure: d.secure, user: d.user.trim(), mailboxes };
}

/**
 * Adds a mailbox, or edits one: the server is asked (Test) before anything is stored, and Save
 * asks again. Editing, a blank password keeps the stored one; it is never shown or sent back.
 */
export function MailboxForm({
  existing,
  onDone,
  onCancel,
}: {
  existing?: { id: number; name: string; settings: ImapSettings };
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const [d, setD] = useState<Draft>(() => ({
    name: existing?.name ?? '',
    host: existing?.settings.host ?? '',
    port: String(existing?.settings.port ?? 993),
    secure: existing?.settings.secure ?? true,
    user: existing?.settings.user ?? '',
    password: '',
    mailboxes: existing?.settings.mailboxes.join(', ') ?? 'INBOX',
  }));
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const test = useCommand('mailboxes.test');
  const add = useCommand('mailboxes.add');
  const update = useCommand('mailboxes.update');
  const busy = test.isPending || add.isPending || update.isPending;
  const settings = settingsOf(d);
  const problem = typeof settings === 'string' ? settings : d.name.trim() === '' ? 'Name: what the board calls this channel' : null;
  const field = (key: keyof Draft, label: string, type = 'text') => (
    <label>
      {label}{' '}
      <input
        type={type}
        value={d[key] as string}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        placeholder={key === 'password' && existing ? 'unchanged' : undefined}
        onChange={(e) => setD({ ...d, [key]: e.target.value })}
      />
    </label>
  );
  const fail = (err: Error): void => setResult({ ok: false, message: err.message });
  return (
    <form
      className="policy-form mailbox-form"
      data-testid="mailbox-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (typeof settings === 'string' || problem) return;
        const password = d.password === '' ? undefined : d.password;
        if (existing) {
          update
            .mutateAsync({ id: existing.id, name: d.name.trim(), settings, ...(password ? { password } : {}) })
            .then(() => onDone(`${d.name} saved`), fail);
        } else {
          add
            .mutateAsync({ name: d.name.trim(), settings, password: d.password })
            .then(() => onDone(`${d.name} added; its first sync starts now`), fail);
        }
      }}
    >
      <fieldset>
        <legend>{existing ? `Edit ${existing.name}` : 'Add a mailbox (IMAP)'}</legend>
        <p className="field-row">
          {field('name', 'Name')}
          {field('host', 'Server')}
          {field('port', 'Port')}
          <label>
            <input type="checkbox" checked={d.secure} onChange={(e) => setD({ ...d, secure: e.target.checked })} /> TLS from the start (993;
            off: STARTTLS)
          </label>
        </p>
        <p className="field-row">
          {field('user', 'User')}
          {field('password', 'Password', 'password')}
          {field('mailboxes', 'Mailboxes')}
        </p>
        {problem && <p className="muted">{problem}</p>}
        {result && (
          <p className={result.ok ? 'notice' : 'form-error'} role={result.ok ? 'status' : 'alert'} data-testid="mailbox-result">
            {result.ok ? `Works: ${result.message}` : result.message}
          </p>
        )}
        <div className="actions">
          <button
            type="button"
            disabled={problem !== null || busy || (!existing && d.password === '')}
            onClick={() => {
              if (typeof settings === 'string') return;
              test
                .mutateAsync({ ...(existing ? { id: existing.id } : {}), settings, ...(d.password ? { password: d.password } : {}) })
                .then(setResult, fail);
            }}
          >
            Test connection
          </button>
          <button type="submit" disabled={problem !== null || busy || (!existing && d.password === '')}>
            {existing ? 'Save' : 'Add mailbox'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </fieldset>
    </form>
  );
}
