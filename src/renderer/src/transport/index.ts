import { httpTransport } from './http';
import { ipcTransport } from './ipc';
import type { Transport } from './types';

/**
 * Picks the transport once, at start: the preload's bridge on the desktop, HTTP in a browser.
 * A token in the page's address (?token=…) is kept for the API calls of a guarded server.
 */
export function pickTransport(): Transport {
  if (window.watchfloor) return ipcTransport(window.watchfloor);
  const token = new URLSearchParams(window.location.search).get('token');
  return httpTransport(token);
}
