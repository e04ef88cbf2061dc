import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { Rect } from './windowPolicy';

const Saved = z.object({ x: z.number(), y: z.number(), width: z.number().min(1), height: z.number().min(1), maximized: z.boolean() });
export type SavedWindow = z.infer<typeof Saved>;

/** The last window placement, or null when none was saved or the file is unreadable. */
export function readWindowState(file: string): SavedWindow | null {
  try {
    const parsed = Saved.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeWindowState(file: string, bounds: Rect, maximized: boolean): void {
  try {
    writeFileSync(file, JSON.stringify({ ...bounds, maximized }));
  } catch {
    // Losing the window's placement is not worth disturbing anyone for.
  }
}
