import { useEffect, useRef, useState } from 'react';
import type { WallboardSnapshot } from '../../../shared/contract/views';
import { formatAge } from '../../../shared/domain/format';
import { useCall } from '../api';
import { useAlarms } from '../live/alarms';
import { hostNow, liveState, useLive } from '../live/connection';
import { Header } from './Header';
import { IncidentCard } from './IncidentCard';
import { LiveText } from './LiveText';
import { PAGE_SECONDS, paginate } from './paging';

/** Remembers which incidents the board has shown, so only new ones draw the eye, once. */
function useFreshIds(snapshot: WallboardSnapshot | undefined): Set<number> {
  const seen = useRef<Set<number> | null>(null);
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  useEffect(() => {
    if (!snapshot) return undefined;
    const ids = snapshot.incidents.map((c) => c.id);
    if (seen.current === null) {
      seen.current = new Set(ids);
      return undefined;
    }
    const added = ids.filter((id) => !seen.current!.has(id));
    for (const id of ids) seen.current.add(id);
    if (added.length === 0) return undefined;
    setFresh(new Set(added));
    const t = setTimeout(() => setFresh(new Set()), 4000);
    return () => clearTimeout(t);
  }, [snapshot]);
  return fresh;
}

/** Moves the whole board a few pixels every few minutes so a wall screen does not burn in. */
function useBurnInShift(): { x: number; y: number } {
  const [shift, setShift] = useState({ x: 0, y: 0 });
  useEffect(() => {
    const offsets = [
      { x: 0, y: 0 },
      { x: 3, y: 2 },
      { x: -2, y: 3 },
      { x: 2, y: -3 },
      { x: -3, y: -2 },
    ];
    let i = 0;
    const t = setInterval(() => setShift(offsets[++i % offsets.length]!), 3 * 60_000);
    return () => clearInterval(t);
  }, []);
  return shift;
}

function AllClearSince({ since, timeZone }: { since: number; timeZone: string }) {
  const at = new Date(since).toLocaleString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' });
  return <LiveText reading={(now) => ({ text: ` since ${at} (${formatAge(now - since)})` })} deps={[since, at]} />;
}

export function Wallboard({ onOpen }: { onOpen: (id: number) => void }) {
  const { data: snapshot, isError, error } = useCall('wallboard.snapshot', {});
  const live = useLive();
  const alarms = useAlarms();
  const fresh = useFreshIds(snapshot);
  const shift = useBurnInShift();
  const [page, setPage] = useState(0);
  const [pageStartedAt, setPageStartedAt] = useState(hostNow);
  const pages = paginate(snapshot?.incidents ?? []);
  const pageCount = pages.length;
  const current = Math.min(page, pageCount - 1);

  useEffect(() => {
    if (pageCount <= 1) return undefined;
    const t = setTimeout(() => {
      setPage((p) => (p + 1) % pageCount);
      setPageStartedAt(hostNow());
    }, PAGE_SECONDS * 1000);
    return () => clearTimeout(t);
  }, [pageCount, page]);

  useEffect(() => {
    if (snapshot) document.getElementById('root')?.setAttribute('data-app-state', 'ready');
  }, [snapshot]);

  if (!snapshot) {
    return (
      <main className="board board-loading">
        <p className="loading">{isError ? `Cannot reach the Watchfloor host: ${error.message}. Retrying…` : 'Connecting to Watchfloor…'}</p>
      </main>
    );
  }

  const stale = live.status === 'disconnected';
  return (
    <main
      className="board"
      data-stale={stale ? 'yes' : 'no'}
      data-testid="wallboard"
      style={{ transform: `translate(${shift.x}px, ${shift.y}px)` }}
    >
      {stale && (
        <div className="disconnected" role="alert" data-testid="disconnected">
          <strong>DISCONNECTED</strong>
          <LiveText
            reading={(now) => {
              const lastHeard = liveState().lastHeardAt ?? live.lostAt;
              return {
                text: `This board is not live. Last update ${lastHeard === null ? 'unknown' : `${formatAge(now - lastHeard)} ago`} — reconnecting…`,
              };
            }}
            deps={[live.lostAt]}
          />
        </div>
      )}
      <Header snapshot={snapshot} />
      <div className="board-body" aria-hidden={stale}>
        {snapshot.incidents.length === 0 ? (
          <section className="all-clear" data-testid="all-clear">
            <h1>All clear</h1>
            <p>
              No open incidents
              {snapshot.allClearSince !== null && <AllClearSince since={snapshot.allClearSince} timeZone={snapshot.workspace.timeZone} />}
            </p>
          </section>
        ) : (
          <section className={`grid${current === 0 ? ' with-hero' : ''}`} aria-label="Open incidents by priority">
            {pages[current]!.map((card, i) => (
              <IncidentCard
                key={card.id}
                card={card}
                hero={current === 0 && i === 0}
                fresh={fresh.has(card.id)}
                alarm={alarms.find((a) => a.incidentId === card.id)}
                onOpen={onOpen}
              />
            ))}
          </section>
        )}
        <footer className="board-footer">
          <span>
            {snapshot.incidents.length} open {snapshot.incidents.length === 1 ? 'incident' : 'incidents'}, most urgent first
          </span>
          {pageCount > 1 && (
            <LiveText
              className="pager"
              testId="pager"
              reading={(now) => ({
                text: `page ${current + 1} of ${pageCount} · next in ${Math.max(0, PAGE_SECONDS - Math.floor((now - pageStartedAt) / 1000))} s`,
              })}
              deps={[current, pageCount, pageStartedAt]}
            />
          )}
        </footer>
      </div>
    </main>
  );
}
