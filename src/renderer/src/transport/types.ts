import type { CallName, InputOf, OutputOf, HostEvent } from '../../../shared/contract/api';
import type { ApiErrorShape } from '../../../shared/contract/errors';

export type ConnectionStatus = 'connecting' | 'live' | 'disconnected';

/** How the renderer reaches the core: Electron IPC through the preload, or HTTP from the headless host. */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  call<K extends CallName>(name: K, input: InputOf<K>): Promise<OutputOf<K>>;
  /** Pushed events and the stream's health; returns a function that stops listening. */
  listen(onEvent: (e: HostEvent) => void, onStatus: (s: ConnectionStatus) => void): () => void;
}

/** An error from the core in the contract's one shape, thrown by either transport. */
export class CallError extends Error {
  readonly code: ApiErrorShape['code'];
  readonly path: string | undefined;
  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'CallError';
    this.code = shape.code;
    this.path = shape.path;
  }
}
