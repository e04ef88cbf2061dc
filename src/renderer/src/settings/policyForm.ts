import type { SlaPolicyEdit, SlaPolicyVersionView, SlaTarget, StoredBusinessCalendar } from '../../../shared/contract/views';
import type { SlaMetric } from '../../../shared/domain/incidentEvents';
import { Severity } from '../../../shared/domain/severity';

const severities = Severity.options;

/**
 * The SLA settings form as people type it — "09:00-12:30, 13:30-17:00", "2026-12-25, 01-01",
 * "15" minutes — and its translation to and from a policy edit. Parsing names the field that is
 * wrong; the host validates again (zones, overlaps) and its answer names the field too.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const METRICS: readonly SlaMetric[] = ['acknowledge', 'customer_update', 'internal_update', 'resolve'];

export interface MetricForm {
  enabled: boolean;
  minutes: string;
  businessHours: boolean;
  warnings: string;
}

export interface PolicyForm {
  severities: Severity[];
  tiers: string[];
  alarmsOutsideHours: boolean;
  metrics: Record<SlaMetric, MetricForm>;
  /** The business calendar the policy's business-hours metrics share. */
  timeZone: string;
  hours: Record<Weekday, string>;
  holidays: string;
}

export type FormResult = { ok: true; edit: SlaPolicyEdit } | { ok: false; field: string; message: string };

const MIN = 60_000;

function hoursText(intervals: readonly (readonly [string, string])[] | undefined): string {
  return (intervals ?? []).map(([a, b]) => `${a}-${b}`).join(', ');
}

export function formFrom(v: SlaPolicyVersionView): PolicyForm {
  const business = Object.values(v.targets).find((t): t is SlaTarget & { calendar: StoredBusinessCalendar } => t.calendar !== '24x7');
  const cal = business?.calendar;
  const metrics = {} as Record<SlaMetric, MetricForm>;
  for (const m of METRICS) {
    const t = v.targets[m];
    metrics[m] = {
      enabled: t !== undefined,
      minutes: t ? String(t.targetMs / MIN) : '',
      businessHours: t !== undefined && t.calendar !== '24x7',
      warnings: t ? t.warningOffsetsMs.map((o) => String(o / MIN)).join(', ') : '',
    };
  }
  const hours = {} as Record<Weekday, string>;
  for (const d of WEEKDAYS) hours[d] = hoursText(cal?.hours[d]);
  if (!cal) for (const d of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) hours[d] = '09:00-17:00';
  return {
    severities: [...v.severities],
    tiers: [...v.tiers],
    alarmsOutsideHours: v.alarmsOutsideHours,
    metrics,
    timeZone: cal?.timeZone ?? '',
    hours,
    holidays: (cal?.holidays ?? []).join(', '),
  };
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function minutes(text: string, field: string): number | string {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) return `${field}: enter a positive number of minutes`;
  return Math.round(n * MIN);
}

export function editFrom(f: PolicyForm): FormResult {
  const hours: Partial<Record<Weekday, [string, string][]>> = {};
  for (const d of WEEKDAYS) {
    const intervals: [string, string][] = [];
    for (const part of list(f.hours[d])) {
      const m = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
      if (!m) return { ok: false, field: `hours.${d}`, message: `${d}: "${part}" is not "HH:MM-HH:MM"` };
      intervals.push([m[1]!.padStart(5, '0'), m[2]!.padStart(5, '0')]);
    }
    if (intervals.length > 0) hours[d] = intervals;
  }
  const calendar: StoredBusinessCalendar = { hours, holidays: list(f.holidays) };
  if (f.timeZone.trim() !== '') calendar.timeZone = f.timeZone.trim();
  const targets: SlaPolicyEdit['targets'] = {};
  for (const m of METRICS) {
    const mf = f.metrics[m];
    if (!mf.enabled) continue;
    const targetMs = minutes(mf.minutes, `${m} target`);
    if (typeof targetMs === 'string') return { ok: false, field: `targets.${m}.targetMs`, message: targetMs };
    const warningOffsetsMs: number[] = [];
    for (const w of list(mf.warnings)) {
      const o = minutes(w, `${m} warning`);
      if (typeof o === 'string') return { ok: false, field: `targets.${m}.warningOffsetsMs`, message: o };
      warningOffsetsMs.push(o);
    }
    targets[m] = { targetMs, calendar: mf.businessHours ? calendar : '24x7', warningOffsetsMs };
  }
  return {
    ok: true,
    edit: {
      severities: severities.filter((s) => f.severities.includes(s)),
      tiers: f.tiers,
      alarmsOutsideHours: f.alarmsOutsideHours,
      targets,
    },
  };
}
