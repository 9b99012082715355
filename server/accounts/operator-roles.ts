/** Operator roles: `admin` may do everything; `support` reads players and ends sessions and grants. */
export const OPERATOR_ROLES = ['admin', 'support'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** The strongest operator role an account holds, if any. */
export function operatorRole(roles: readonly string[]): OperatorRole | undefined {
  return OPERATOR_ROLES.find((role) => roles.includes(role));
}
