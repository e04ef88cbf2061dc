import { api, HostEvent, type CallName, type InputOf, type OutputOf } from '../../../shared/contract/api';
import { ApiErrorShape } from '../../../shared/contract/errors';
import { CallError, type ConnectionStatus, type Transport } from './types';

/** Silence longer than this on the event stream means the host is gone, whatever the socket says. */
export const SILENCE_LIMIT_MS = 8000;

/**
 * The headless host's transport: queries as GET, commands as POST, events over SSE. The stream
 * is watched: the server speaks at least every 3 s, so 8 s of silence is a disconnection, and
 * the board says so before the 10 s it promises.
 */
export function httpTransport(token: string | null): Transport {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  return {
    kind: 'http',
    async call<K extends CallName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
      const def = api[name];
      const url =
        def.kind === 'query'
          ? `/api/${name}${input && Object.keys(input).length > 0 ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`
          : `/api/${name}`;
      const res = await fetch(url, {
        method: def.kind === 'query' ? 'GET' : 'POST',
        headers: def.kind === 'query' ? headers : { ...headers, 'Content-Type': 'application/json' },
        ...(def.kind === 'command' ? { body: JSON.stringify(input ?? {}) } : {}),
        cache: 'no-store',
      });
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const shape = ApiErrorShape.safeParse(body);
        throw new CallError(shape.success ? shape.data : { code: 'unavailable', message: `HTTP ${res.status} from the host` });
      }
      return body as OutputOf<K>;
    },
    listen(onEvent, onStatus) {
      let source: EventSource | null = null;
      let watchdog: ReturnType<typeof setTimeout> | null = null;
      let retry: ReturnType<typeof setTimeout> | null = null;
      let stopped = false;
      let status: ConnectionStatus = 'connecting';
      const set = (s: ConnectionStatus): void => {
        if (s !== status) {
          status = s;
          onStatus(s);
        }
      };
      const alive = (): void => {
        if (watchdog) clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          set('disconnected');
          reconnect();
        }, SILENCE_LIMIT_MS);
      };
      const reconnect = (): void => {
        source?.close();
        source = null;
        if (stopped || retry) return;
        retry = setTimeout(() => {
          retry = null;
          open();
        }, 2000);
      };
      const open = (): void => {
        if (stopped) return;
        const url = `/api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`;
        source = new EventSource(url);
        alive();
        const handle = (raw: MessageEvent<string>): void => {
          alive();
          const parsed = HostEvent.safeParse(JSON.parse(raw.data));
          if (!parsed.success) return;
          set('live');
          onEvent(parsed.data);
        };
        source.addEventListener('hello', handle);
        source.addEventListener('changed', handle);
        source.addEventListener('heartbeat', handle);
        source.addEventListener('alarm', handle);
        source.addEventListener('open', alive);
        source.addEventListener('error', () => {
          set('disconnected');
          reconnect();
        });
      };
      open();
      return () => {
        stopped = true;
        source?.close();
        if (watchdog) clearTimeout(watchdog);
        if (retry) clearTimeout(retry);
      };
    },
  };
}
