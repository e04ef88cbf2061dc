import { useCallback, useEffect, useMemo, useState } from 'react';
import { useCall } from './api';
import { AccountPage } from './accounts/AccountPage';
import { AccountsPanel } from './accounts/AccountsPanel';
import { ChannelsPanel } from './channels/ChannelsPanel';
import { IncidentPanel } from './incident/IncidentPanel';
import { SuggestionsPanel } from './grouping/SuggestionsPanel';
import { SlaSettingsPanel } from './settings/SlaSettingsPanel';
import { Wallboard } from './wallboard/Wallboard';

type Route =
  | { view: 'board' }
  | { view: 'incident'; id: number }
  | { view: 'channels' }
  | { view: 'settings' }
  | { view: 'suggestions' }
  | { view: 'accounts' }
  | { view: 'account'; id: number };

function readHash(): Route {
  const incident = /^#\/incident\/(\d+)$/.exec(window.location.hash);
  if (incident) return { view: 'incident', id: Number(incident[1]) };
  if (window.location.hash === '#/channels') return { view: 'channels' };
  if (window.location.hash === '#/settings/sla') return { view: 'settings' };
  if (window.location.hash === '#/suggestions') return { view: 'suggestions' };
  if (window.location.hash === '#/accounts') return { view: 'accounts' };
  const account = /^#\/account\/(\d+)$/.exec(window.location.hash);
  if (account) return { view: 'account', id: Number(account[1]) };
  return { view: 'board' };
}

/** What is open beside the board lives in the address (#/incident/42, #/channels, #/settings/sla), so a reload keeps it. */
function useRoute(): [Route, (hash: string) => void] {
  const [route, setRoute] = useState(readHash);
  useEffect(() => {
    const onHash = (): void => setRoute(readHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((hash: string) => {
    window.location.hash = hash;
  }, []);
  return [route, go];
}

/** Arrow keys or j/k walk the cards in priority order; Enter opens the focused one; c opens the channels, s the SLA settings, g the grouping proposals, u the accounts. */
function useBoardKeys(enabled: boolean, open: Record<'c' | 's' | 'g' | 'u', () => void>): void {
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'c' || e.key === 's' || e.key === 'g' || e.key === 'u') {
        open[e.key]();
        e.preventDefault();
        return;
      }
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
  }, [enabled, open]);
}

export function App() {
  const [route, go] = useRoute();
  const health = useCall('health', {});
  const snapshot = useCall('wallboard.snapshot', {});
  const close = useCallback(() => go(''), [go]);
  const openIncident = useCallback((id: number) => go(`#/incident/${id}`), [go]);
  const openChannels = useCallback(() => go('#/channels'), [go]);
  const openSettings = useCallback(() => go('#/settings/sla'), [go]);
  const openSuggestions = useCallback(() => go('#/suggestions'), [go]);
  const openAccounts = useCallback(() => go('#/accounts'), [go]);
  const openAccount = useCallback((id: number) => go(`#/account/${id}`), [go]);
  const boardKeys = useMemo(
    () => ({ c: openChannels, s: openSettings, g: openSuggestions, u: openAccounts }),
    [openChannels, openSettings, openSuggestions, openAccounts],
  );
  useBoardKeys(route.view === 'board', boardKeys);
  const canAct = health.data?.role === 'admin';
  return (
    <>
      <Wallboard onOpen={openIncident} />
      {route.view === 'incident' && (
        <IncidentPanel
          id={route.id}
          actor={health.data?.actor ?? 'commander'}
          canAct={canAct}
          timeZone={snapshot.data?.workspace.timeZone ?? 'UTC'}
          onClose={close}
        />
      )}
      {route.view === 'channels' && <ChannelsPanel canAct={canAct} onClose={close} />}
      {route.view === 'accounts' && <AccountsPanel canAct={canAct} onClose={close} onOpenAccount={openAccount} />}
      {route.view === 'account' && (
        <AccountPage
          id={route.id}
          canAct={canAct}
          timeZone={snapshot.data?.workspace.timeZone ?? 'UTC'}
          onClose={openAccounts}
          onOpenIncident={openIncident}
        />
      )}
      {route.view === 'suggestions' && <SuggestionsPanel canAct={canAct} onClose={close} onOpenIncident={openIncident} />}
      {route.view === 'settings' && (
        <SlaSettingsPanel
          canAct={canAct}
          tiers={snapshot.data?.workspace.tiers ?? []}
          timeZone={snapshot.data?.workspace.timeZone ?? 'UTC'}
          onClose={close}
        />
      )}
    </>
  );
}
