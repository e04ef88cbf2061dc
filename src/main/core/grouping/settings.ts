import { GroupingSettings } from '../../../shared/contract/views';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';

/**
 * How live grouping behaves, a workspace setting: a report at least `linkAbove` alike an open
 * incident joins it by itself, one between `suggestAbove` and that is proposed to the commander;
 * reports alike from `accountsToOpen` distinct accounts within `windowMinutes` open a suspected
 * incident by themselves when `autoOpen` is on, and are proposed as one otherwise (or when fewer
 * accounts, but at least two, report alike).
 */
export const defaultGroupingSettings: GroupingSettings = {
  suggestAbove: 0.34,
  linkAbove: 0.5,
  accountsToOpen: 2,
  windowMinutes: 60,
  autoOpen: true,
};

const KEY = 'grouping';

export function readGroupingSettings(db: Db): GroupingSettings {
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return defaultGroupingSettings;
  const parsed = GroupingSettings.safeParse({ ...defaultGroupingSettings, ...(JSON.parse(row.value) as object) });
  return parsed.success ? parsed.data : defaultGroupingSettings;
}

export function writeGroupingSettings(db: Db, settings: GroupingSettings, who: { actor: string; at: number }): void {
  stmt(
    db,
    `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(KEY, JSON.stringify(settings), who.at, who.actor);
}
