/** Time-out periods (UK LCCP: 24 hours, 1 week, 1 month, 6 weeks). */
export const TIMEOUT_PERIODS = ['24h', '7d', '30d', '42d'] as const;
/** Self-exclusion periods (at least 6 months; UKGC, AGCO 2.14). */
export const EXCLUSION_PERIODS = ['6m', '1y', '5y', 'permanent'] as const;
/** The panic button (GlüStV § 6i(3)) locks for 24 hours. */
export const PANIC_PERIOD = '24h';

export type TimeoutPeriod = (typeof TIMEOUT_PERIODS)[number];
export type ExclusionPeriod = (typeof EXCLUSION_PERIODS)[number];
export type RestrictionPeriod = TimeoutPeriod | ExclusionPeriod;

const HOUR = 60 * 60 * 1000;

/**
 * When a restriction of `period` that starts at `from` ends; null for a permanent one. Days are exact 24-hour
 * spans; months and years are calendar months and years (6 months from 31 August ends on 28/29 February's
 * last moment rather than spilling into March).
 */
export function restrictionEnd(period: RestrictionPeriod, from: Date): Date | null {
  const hours = /^(\d+)h$/.exec(period);
  if (hours) return new Date(from.getTime() + Number(hours[1]) * HOUR);
  const days = /^(\d+)d$/.exec(period);
  if (days) return new Date(from.getTime() + Number(days[1]) * 24 * HOUR);
  const months = /^(\d+)m$/.exec(period);
  if (months) return addMonths(from, Number(months[1]));
  const years = /^(\d+)y$/.exec(period);
  if (years) return addMonths(from, Number(years[1]) * 12);
  return null;
}

function addMonths(from: Date, months: number): Date {
  const target = new Date(from);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target;
}

/** True when `value` is one of `periods` (narrows it). */
export function isPeriod<P extends string>(periods: readonly P[], value: unknown): value is P {
  return typeof value === 'string' && (periods as readonly string[]).includes(value);
}
