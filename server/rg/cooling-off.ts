/** The limits a player sets (minutes; null = none). */
export const LIMIT_NAMES = ['session_minutes', 'reality_check_minutes'] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

/** What to do with a requested limit change. */
export type LimitPlan = { kind: 'unchanged' } | { kind: 'now' } | { kind: 'pending'; effectiveAt: Date };

/**
 * A stricter limit (lower, or set where there was none) protects the player and applies at once; a looser one
 * (higher, or removed) waits the cooling-off period (AGCO 2.23-2.24: at least 24 h; Sweden: 72 h for raising a
 * limit), so a decision taken in the heat of play cannot loosen a limit immediately.
 */
export function planLimitChange(
  current: number | null,
  requested: number | null,
  now: Date,
  coolingOffSeconds: number,
): LimitPlan {
  if (requested === current) return { kind: 'unchanged' };
  const stricter = requested !== null && (current === null || requested < current);
  if (stricter) return { kind: 'now' };
  return { kind: 'pending', effectiveAt: new Date(now.getTime() + coolingOffSeconds * 1000) };
}
