import { z } from 'zod';
import { SlackTs } from './wire';

/**
 * Where one Slack channel's history was read up to. `floor`: the newest message of the last
 * complete pass; the next pass asks only for what is newer (`oldest`). A pass reads newest
 * first, page by page; while one is under way, `pass` holds Slack's `next_cursor` and the newest
 * message the pass began with, so a restart resumes on the very page it left — no gap, and the
 * page it was on is deduplicated.
 */
export const ChannelCursor = z.object({
  floor: SlackTs.nullable(),
  pass: z.object({ top: SlackTs, next: z.string().min(1) }).optional(),
});
export type ChannelCursor = z.infer<typeof ChannelCursor>;

const SlackCursor = z.object({ channels: z.record(z.string(), ChannelCursor) });
export type SlackCursor = z.infer<typeof SlackCursor>;

/** An unreadable cursor starts over: the external ids make a full re-read store nothing twice. */
export function parseSlackCursor(text: string | null): SlackCursor {
  if (text === null) return { channels: {} };
  try {
    const parsed = SlackCursor.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { channels: {} };
  } catch {
    return { channels: {} };
  }
}

export function withChannel(cursor: SlackCursor, channel: string, at: ChannelCursor): string {
  return JSON.stringify({ channels: { ...cursor.channels, [channel]: at } });
}

/** Orders two Slack timestamps as numbers (seconds, then the fraction). */
export function compareTs(a: string, b: string): number {
  const [as, af = ''] = a.split('.');
  const [bs, bf = ''] = b.split('.');
  const bySeconds = Number(as) - Number(bs);
  if (bySeconds !== 0) return Math.sign(bySeconds);
  return Math.sign(Number(af.padEnd(9, '0')) - Number(bf.padEnd(9, '0')));
}

/** A timestamp `ms` earlier, at a whole second (never below zero). */
export function tsBefore(ts: string, ms: number): string {
  return `${Math.max(0, Math.floor(Number(ts.split('.')[0]) - ms / 1000))}.000000`;
}
