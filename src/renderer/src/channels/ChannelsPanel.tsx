import { useEffect, useRef, useState } from 'react';
import type { ChannelHealth } from '../../../shared/contract/views';
import { formatAge } from '../../../shared/domain/format';
import { useCall, useCommand } from '../api';
import { LiveText } from '../wallboard/LiveText';
import { MailboxForm } from './MailboxForm';

const statusWords: Record<ChannelHealth['status'], string> = { active: 'Active', paused: 'Paused', failing: 'Failing' };

function ago(at: number | null, now: number): string {
  return at === null ? 'never' : `${formatAge(now - at)} ago`;
}

function EditMailbox({ id, name, onDone, onCancel }: { id: number; name: string; onDone: (t: string) => void; onCancel: () => void }) {
  const { data, isError, error } = useCall('mailboxes.get', { id });
  if (isError) return <p className="form-error">{error.message}</p>;
  if (!data) return <p className="muted">Loading the settings…</p>;
  return <MailboxForm existing={{ id, name, settings: data }} onDone={onDone} onCancel={onCancel} />;
}

function ChannelRow({ channel, canAct, onNotice }: { channel: ChannelHealth; canAct: boolean; onNotice: (text: string) => void }) {
  const [editing, setEditing] = useState(false);
  const pause = useCommand('channels.pause');
  const resume = useCommand('channels.resume');
  const syncNow = useCommand('channels.syncNow');
  const run = (p: Promise<unknown>, done: string): void => {
    p.then(
      () => onNotice(done),
      (e: Error) => onNotice(e.message),
    );
  };
  return (
    <li className="channel-row" data-testid="channel-row" data-status={channel.status}>
      <div className="channel-head">
        <strong>{channel.name}</strong>
        <span className="muted">{channel.kind}</span>
        <span className="channel-status">{statusWords[channel.status]}</span>
      </div>
      <div className="channel-facts">
        <LiveText reading={(now) => ({ text: `last success ${ago(channel.lastSuccessAt, now)}` })} deps={[channel.lastSuccessAt]} />
        <LiveText
          reading={(now) => ({ text: `lag ${channel.newestMessageAt === null ? '—' : formatAge(now - channel.newestMessageAt)}` })}
          deps={[channel.newestMessageAt]}
        />
        <LiveText
          reading={(now) => ({
            text:
              channel.nextAttemptAt === null
                ? 'no attempt scheduled'
                : channel.nextAttemptAt <= now
                  ? 'syncing now'
                  : `next attempt in ${formatAge(channel.nextAttemptAt - now)}`,
          })}
          deps={[channel.nextAttemptAt]}
        />
      </div>
      {channel.lastError && (
        <p className="channel-error" data-testid="channel-error">
          {channel.lastError}
        </p>
      )}
      {canAct && (
        <div className="actions">
          {channel.status === 'paused' ? (
            <button type="button" onClick={() => run(resume.mutateAsync({ id: channel.id }), `${channel.name} resumed`)}>
              Resume
            </button>
          ) : (
            <button type="button" onClick={() => run(pause.mutateAsync({ id: channel.id }), `${channel.name} paused`)}>
              Pause
            </button>
          )}
          {channel.syncable && channel.status !== 'paused' && (
            <button type="button" onClick={() => run(syncNow.mutateAsync({ id: channel.id }), `Syncing ${channel.name}`)}>
              Sync now
            </button>
          )}
          {channel.syncable && channel.kind === 'email' && !editing && (
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
        </div>
      )}
      {editing && (
        <EditMailbox
          id={channel.id}
          name={channel.name}
          onDone={(t) => {
            setEditing(false);
            onNotice(t);
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </li>
  );
}

/** Every channel's health in words — last success, lag, next attempt, last error — and its controls. */
export function ChannelsPanel({ canAct, onClose }: { canAct: boolean; onClose: () => void }) {
  const { data } = useCall('channels.list', {});
  const [notice, setNotice] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    panel.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement)) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <aside className="incident-panel" ref={panel} tabIndex={-1} aria-label="Channels" data-testid="channels-panel">
      <header className="panel-head">
        <h1 className="panel-title">Channels</h1>
        <button type="button" className="close" onClick={onClose} aria-label="Back to the board (Esc)">
          Esc
        </button>
      </header>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ul className="channel-list">
        {(data ?? []).map((c) => (
          <ChannelRow key={c.id} channel={c} canAct={canAct} onNotice={setNotice} />
        ))}
      </ul>
      {canAct &&
        (adding ? (
          <MailboxForm
            onDone={(t) => {
              setAdding(false);
              setNotice(t);
            }}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setAdding(true)}>
              Add a mailbox
            </button>
          </div>
        ))}
      <p className="muted">
        Slack, webhooks, HubSpot and file imports are added with <code>npm run cli -- channels add …</code>; see README, “How to add a
        channel”.
      </p>
    </aside>
  );
}
