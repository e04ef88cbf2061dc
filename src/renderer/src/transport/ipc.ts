import { HostEvent, type CallName, type InputOf, type OutputOf } from '../../../shared/contract/api';
import { ApiErrorShape } from '../../../shared/contract/errors';
import type { WatchfloorBridge } from '../../../preload/api';
import { SILENCE_LIMIT_MS } from './http';
import { CallError, type ConnectionStatus, type Transport } from './types';

/** The desktop transport: the preload's contract calls and the main process's pushed events. */
export function ipcTransport(bridge: WatchfloorBridge): Transport {
  return {
    kind: 'ipc',
    async call<K extends CallName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
      const fn = bridge.calls[name];
      if (!fn) throw new CallError({ code: 'not_found', message: `the preload does not offer "${name}"` });
      const envelope = await fn(input);
      if (!envelope.ok) {
        const shape = ApiErrorShape.safeParse(envelope.error);
        throw new CallError(shape.success ? shape.data : { code: 'internal', message: 'the main process answered with an unknown error' });
      }
      return envelope.value as OutputOf<K>;
    },
    listen(onEvent, onStatus) {
      let watchdog: ReturnType<typeof setTimeout> | null = null;
      let status: ConnectionStatus = 'connecting';
      const set = (s: ConnectionStatus): void => {
        if (s !== status) {
          status = s;
          onStatus(s);
        }
      };
      const alive = (): void => {
        if (watchdog) clearTimeout(watchdog);
        watchdog = setTimeout(() => set('disconnected'), SILENCE_LIMIT_MS);
      };
      alive();
      const stop = bridge.onEvent((raw) => {
        const parsed = HostEvent.safeParse(raw);
        if (!parsed.success) return;
        alive();
        set('live');
        onEvent(parsed.data);
      });
      return () => {
        stop();
        if (watchdog) clearTimeout(watchdog);
      };
    },
  };
}
