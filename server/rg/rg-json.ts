import type { Limits } from './rg-store.ts';

/** A time as the player API, the `rg` claim and the admin RG answer report it: epoch seconds; unset stays null. */
export const epochSeconds = (d: Date | number | null | undefined) =>
  d == null ? null : Math.floor((typeof d === 'number' ? d : d.getTime()) / 1000);

/** The limits in force and the pending changes, as every surface answers them (`time` writes each time). */
export function limitsJson<T>(limits: Limits, time: (d: Date) => T) {
  return {
    session_minutes: limits.session_minutes,
    reality_check_minutes: limits.reality_check_minutes,
    pending: limits.pending.map((p) => ({ name: p.name, value: p.value, effective_at: time(p.effectiveAt) })),
  };
}
