import { addBusinessMs, businessMsBetween } from '../../../shared/sla/calendar';
import type { Calendar } from '../../../shared/sla/calendarTypes';

/**
 * Whether the calendar's hours include `at`. The closing instant itself counts as inside: a clock
 * that runs out exactly at 17:00 breached during the working day, not overnight.
 */
export function isWithinHours(calendar: Calendar, at: number): boolean {
  if (calendar === '24x7') return true;
  return businessMsBetween(calendar, at, at + 1) > 0 || businessMsBetween(calendar, at - 1, at) > 0;
}

/**
 * When to raise the alarm for a warning or breach whose true instant is `at`: then, unless the
 * policy keeps alarms to open hours and `at` falls outside them; then at the next opening.
 */
export function alarmRaiseAt(calendar: Calendar, at: number, alarmsOutsideHours: boolean): number {
  if (alarmsOutsideHours || isWithinHours(calendar, at)) return at;
  const firstOpenMs = addBusinessMs(calendar, at, 1);
  return firstOpenMs === null ? at : firstOpenMs - 1;
}
