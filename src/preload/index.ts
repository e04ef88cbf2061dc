import { contextBridge, ipcRenderer } from 'electron';
import { callNames, ipcChannels } from '../shared/contract/names';

/**
 * The renderer's only door to the core: one function per call the contract names, and a way to
 * hear pushed events. No ipcRenderer, no Node, nothing else crosses.
 */
type Envelope = { ok: true; value: unknown } | { ok: false; error: unknown };

const calls = Object.fromEntries(
  callNames.map((name) => [name, (input?: unknown) => ipcRenderer.invoke(ipcChannels.call, name, input ?? {}) as Promise<Envelope>]),
);

contextBridge.exposeInMainWorld('watchfloor', {
  calls,
  onEvent(listener: (event: unknown) => void): () => void {
    const handler = (_e: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(ipcChannels.event, handler);
    return () => ipcRenderer.removeListener(ipcChannels.event, handler);
  },
});
