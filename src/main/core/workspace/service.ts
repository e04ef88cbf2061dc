import { z } from 'zod';
import type { Db } from '../store/db';

export const defaultTiers = ['enterprise', 'business', 'growth', 'free'] as const;

export interface Workspace {
  name: string;
  timeZone: string;
  tiers: string[];
  demo: boolean;
  createdAt: number;
}

export function createWorkspace(db: Db, w: Omit<Workspace, 'createdAt'>, at: number): void {
  db.prepare('INSERT INTO workspace (id, name, time_zone, tiers, demo, created_at) VALUES (1, ?, ?, ?, ?, ?)').run(
    w.name,
    w.timeZone,
    JSON.stringify(w.tiers),
    w.demo ? 1 : 0,
    at,
  );
}

const cache = new WeakMap<Db, Workspace>();

export function getWorkspace(db: Db): Workspace {
  const hit = cache.get(db);
  if (hit) return hit;
  const row = db.prepare('SELECT name, time_zone, tiers, demo, created_at FROM workspace WHERE id = 1').get() as
    { name: string; time_zone: string; tiers: string; demo: number; created_at: number } | undefined;
  if (!row) throw new Error('the workspace has no settings row; was it initialised?');
  const w: Workspace = {
    name: row.name,
    timeZone: row.time_zone,
    tiers: z.array(z.string()).parse(JSON.parse(row.tiers)),
    demo: row.demo === 1,
    createdAt: row.created_at,
  };
  cache.set(db, w);
  return w;
}

export function isInitialised(db: Db): boolean {
  return db.prepare('SELECT 1 FROM workspace WHERE id = 1').get() !== undefined;
}
