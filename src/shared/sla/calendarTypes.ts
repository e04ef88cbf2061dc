/** Days of the week as a calendar's opening hours name them. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock opening interval, `["09:00", "17:30"]`; `"24:00"` may only end one. */
export type WallInterval = readonly [start: string, end: string];

/**
 * Opening hours in one IANA zone. A weekday that is missing or empty is closed. A holiday is a
 * local date in the zone, `"YYYY-MM-DD"` once or `"MM-DD"` every year, and closes that whole date.
 */
export interface BusinessCalendar {
  readonly timeZone: string;
  readonly hours: Readonly<Partial<Record<Weekday, readonly WallInterval[]>>>;
  readonly holidays?: readonly string[];
}

/** `"24x7"` counts every real millisecond. */
export type Calendar = '24x7' | BusinessCalendar;
