/** What the preload puts on `window.watchfloor`; the renderer's IPC transport reads it. */
export interface WatchfloorBridge {
  calls: Record<string, (input?: unknown) => Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>>;
  onEvent(listener: (event: unknown) => void): () => void;
}

declare global {
  interface Window {
    watchfloor?: WatchfloorBridge;
  }
}
