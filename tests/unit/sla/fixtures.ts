import type { BusinessCalendar, WallInterval } from '../../../src/shared/sla/calendar';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Epoch ms of an ISO instant; tests write instants the way the CLI reads them. */
export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in test: ${iso}`);
  return ms;
};

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Monday to Friday, the same hours every day. */
export function weekdays(timeZone: string, hours: WallInterval[], holidays: string[] = []): BusinessCalendar {
  return { timeZone, hours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours }, holidays };
}

/** Every day of the week, the same hours. */
export function everyDay(timeZone: string, hours: WallInterval[], holidays: string[] = []): BusinessCalendar {
  return { timeZone, hours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours }, holidays };
}

export const berlinOfficeHours = weekdays('Europe/Berlin', [['09:00', '17:00']]);
