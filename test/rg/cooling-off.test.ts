import { describe, expect, it } from 'vitest';
import { planLimitChange } from '../../server/rg/cooling-off.ts';
import { EXCLUSION_PERIODS, isPeriod, restrictionEnd, TIMEOUT_PERIODS } from '../../server/rg/periods.ts';

const now = new Date('2026-11-30T12:00:00Z');
const day = 86_400;

describe('planLimitChange (cooling-off)', () => {
  it('applies a stricter limit at once: lower, or set where there was none', () => {
    expect(planLimitChange(60, 30, now, day)).toEqual({ kind: 'now' });
    expect(planLimitChange(null, 120, now, day)).toEqual({ kind: 'now' });
  });
  it('holds a looser limit (higher, or removed) for the cooling-off period', () => {
    expect(planLimitChange(30, 60, now, day)).toEqual({
      kind: 'pending',
      effectiveAt: new Date('2026-12-01T12:00:00Z'),
    });
    expect(planLimitChange(30, null, now, 72 * 3600)).toEqual({
      kind: 'pending',
      effectiveAt: new Date('2026-12-03T12:00:00Z'),
    });
  });
  it('sees no change in the same value, and none in removing what is not set', () => {
    expect(planLimitChange(45, 45, now, day)).toEqual({ kind: 'unchanged' });
    expect(planLimitChange(null, null, now, day)).toEqual({ kind: 'unchanged' });
  });
});

describe('restriction periods', () => {
  it('ends time-outs after exact hours and days (24 h, 1 week, 1 month, 6 weeks)', () => {
    const hours = TIMEOUT_PERIODS.map((p) => (restrictionEnd(p, now)!.getTime() - now.getTime()) / 3_600_000);
    expect(hours).toEqual([24, 7 * 24, 30 * 24, 42 * 24]);
  });
  it('ends self-exclusions after calendar months and years; permanent never ends', () => {
    expect(restrictionEnd('6m', now)).toEqual(new Date('2027-05-30T12:00:00Z'));
    expect(restrictionEnd('1y', now)).toEqual(new Date('2027-11-30T12:00:00Z'));
    expect(restrictionEnd('5y', now)).toEqual(new Date('2031-11-30T12:00:00Z'));
    expect(restrictionEnd('permanent', now)).toBeNull();
  });
  it('clamps to the last day of a shorter month instead of spilling over', () => {
    expect(restrictionEnd('6m', new Date('2026-08-31T08:00:00Z'))).toEqual(new Date('2027-02-28T08:00:00Z'));
  });
  it('accepts only the listed periods', () => {
    expect(isPeriod(EXCLUSION_PERIODS, '6m')).toBe(true);
    expect(isPeriod(EXCLUSION_PERIODS, '3m')).toBe(false);
    expect(isPeriod(TIMEOUT_PERIODS, '6m')).toBe(false);
    expect(isPeriod(TIMEOUT_PERIODS, 24)).toBe(false);
  });
});
