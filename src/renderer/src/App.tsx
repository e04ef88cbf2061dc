import { useCallback, useEffect, useState } from 'react';
import { useCall } from './api';
import { IncidentPanel } from './incident/IncidentPanel';
import { Wallboard } from './wallboard/Wallboard';

function readHash(): number | null {
  const m = /^#\/incident\/(\d+)$/.exec(window.location.hash);
  return m ? Number(m[1]) : null;
}

/** The open incident lives in the address (#/incident/42), so a reload or a shared link keeps it. */
function useOpenIncident(): [number | null, (id: number | null) => void] {
  const [id, setId] = useState(readHash);
  useEffect(() => {
    const onHash = (): void => setId(readHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const open = useCallback((next: number | null) => {
    window.location.hash = next === null ? '' : `#/incident/${next}`;
  }, []);
  return [id, open];
}

/** Arrow keys or j/k walk the cards in priority order; Enter opens the focused one. */
function useCardKeys(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const step = { ArrowRight: 1, ArrowDown: 1, j: 1, ArrowLeft: -1, ArrowUp: -1, k: -1 }[e.key];
      if (step === undefined) return;
      const cards = [...document.querySelectorAll<HTMLElement>('[data-testid=incident-card]')];
      if (cards.length === 0) return;
      const at = cards.indexOf(document.activeElement as HTMLElement);
      const next = at < 0 ? 0 : (at + step + cards.length) % cards.length;
      cards[next]!.focus();
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

export function App() {
  const [openId, setOpenId] = useOpenIncident();
  const health = useCall('health', {});
  const snapshot = useCall('wallboard.snapshot', {});
  useCardKeys(openId === null);
  return (
    <>
      <Wallboard onOpen={setOpenId} />
      {openId !== null && (
        <IncidentPanel
          id={openId}
          actor={health.data?.actor ?? 'commander'}
          canAct={health.data?.role === 'admin'}
          timeZone={snapshot.data?.workspace.timeZone ?? 'UTC'}
          onClose={() => setOpenId(null)}
        />
      )}
    </>
  );
}
