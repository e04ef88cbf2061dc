import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { Calendar } from './calendarTypes';

const WALL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (wallTime: string): number => Number(wallTime.slice(0, 2)) * 60 + Number(wallTime.slice(3));

const openingTime = z.string().regex(WALL_TIME, 'must be a wall time "HH:MM" from 00:00 to 23:59');
const closingTime = z
  .string()
  .refine((text) => text === '24:00' || WALL_TIME.test(text), 'must be a wall time "HH:MM" from 00:01 to 24:00');

const wallInterval = z
  .tuple([openingTime, closingTime])
  .refine(([start, end]) => minutesOf(start) < minutesOf(end), 'an interval must start before it ends');

/** One weekday's intervals; they may come in any order but must not overlap (touching is fine). */
const dayHours = z.array(wallInterval).superRefine((intervals, ctx) => {
  intervals.forEach(([start, end], index) => {
    const clash = intervals
      .slice(0, index)
      .findIndex(([otherStart, otherEnd]) => minutesOf(start) < minutesOf(otherEnd) && minutesOf(otherStart) < minutesOf(end));
    if (clash >= 0) {
      ctx.addIssue({ code: 'custom', path: [index], message: `overlaps interval ${clash} (${intervals[clash]!.join('-')})` });
    }
  });
});

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const holiday = z.string().refine((text) => {
  const once = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (once) return isRealDate(Number(once[1]), Number(once[2]), Number(once[3]));
  const yearly = /^(\d{2})-(\d{2})$/.exec(text);
  // 2024 is a leap year, so "02-29" counts as a real yearly date.
  return yearly !== null && isRealDate(2024, Number(yearly[1]), Number(yearly[2]));
}, 'must be a real date, "YYYY-MM-DD" once or "MM-DD" every year');

export const businessCalendarSchema = z.strictObject({
  timeZone: z.string().refine((name) => IANAZone.isValidZone(name), 'must be a known IANA time zone'),
  hours: z.strictObject({
    mon: dayHours.optional(),
    tue: dayHours.optional(),
    wed: dayHours.optional(),
    thu: dayHours.optional(),
    fri: dayHours.optional(),
    sat: dayHours.optional(),
    sun: dayHours.optional(),
  }),
  holidays: z.array(holiday).optional(),
});

export const calendarSchema: z.ZodType<Calendar> = z.union([z.literal('24x7'), businessCalendarSchema], {
  error: 'must be "24x7" or {"timeZone", "hours", "holidays"}',
});
