import type { Topic } from '../../shared/contract/views';
import type { Db } from './store/db';

/** What every service receives: the store, the change bus and the time (injectable for tests and demos). */
export interface CoreContext {
  db: Db;
  bus: ChangeBus;
  now: () => number;
}

type Listener = (topics: Topic[]) => void;

/**
 * Writes publish the topics they touched after they commit. Publishes within one tick are merged
 * into one event, so a page of 500 messages costs the renderer one refetch, not 500.
 */
export class ChangeBus {
  private readonly listeners = new Set<Listener>();
  private pending = new Set<Topic>();
  private scheduled = false;

  publish(...topics: Topic[]): void {
    for (const t of topics) this.pending.add(t);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private flush(): void {
    this.scheduled = false;
    const topics = [...this.pending];
    this.pending = new Set();
    if (topics.length === 0) return;
    for (const l of this.listeners) {
      try {
        l(topics);
      } catch {
        // A broken listener (a closed socket) must not stop the others from hearing.
      }
    }
  }
}
