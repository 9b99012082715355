import { errors, interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import type { MfaService, MfaStatus } from './mfa-service.ts';

/** acr values Pitboss issues: password only, or password plus a second factor. */
export const PWD_ACR = 'urn:pitboss:acr:pwd';
export const MFA_ACR = 'urn:pitboss:acr:mfa';
/** The login-prompt Check reason that means "this session needs a second factor". */
export const MFA_REASON = 'pitboss_mfa';
/** Reasons that a second factor alone satisfies (no password step needed when a session exists). */
export const MFA_ONLY_REASONS: ReadonlySet<string> = new Set([MFA_REASON, 'essential_acr', 'essential_acrs']);

export type MfaRequirement = 'none' | 'verify' | 'enrol';

interface AcrClaimRequest {
  essential?: boolean;
  value?: string;
  values?: string[];
}

/** Whether the request asks for the MFA acr (acr_values preferring it over pwd, or an essential acr claim). */
export function acrAsksForMfa(acrValues: unknown, acrClaim: AcrClaimRequest | undefined): boolean {
  const values = typeof acrValues === 'string' ? acrValues.split(' ') : [];
  if (values.includes(MFA_ACR) && !values.includes(PWD_ACR)) return true;
  if (!acrClaim?.essential) return false;
  const wanted = acrClaim.values ?? (acrClaim.value ? [acrClaim.value] : []);
  return wanted.includes(MFA_ACR) && !wanted.includes(PWD_ACR);
}

/** The essential id_token acr request inside a `claims` parameter (raw JSON string or parsed). */
export function acrClaimOf(claims: unknown): AcrClaimRequest | undefined {
  try {
    const parsed = typeof claims === 'string' ? JSON.parse(claims) : claims;
    return (parsed as { id_token?: { acr?: AcrClaimRequest } } | undefined)?.id_token?.acr ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Enrolled accounts always verify; an account that is not enrolled must enrol when an operator flagged it,
 * when the client is configured with require_mfa, or when the request asks for the MFA acr.
 */
export function mfaRequirement(
  status: MfaStatus,
  request: { clientRequiresMfa: boolean; acrAsksForMfa: boolean },
): MfaRequirement {
  if (status.enrolled) return 'verify';
  return status.required || request.clientRequiresMfa || request.acrAsksForMfa ? 'enrol' : 'none';
}

/** The login-prompt Check: a session without `otp` in its amr must add a second factor when one is required. */
export function mfaCheck(mfa: MfaService): interactionPolicy.Check {
  return new interactionPolicy.Check(
    MFA_REASON,
    'a second authentication factor is required',
    async (ctx: KoaContextWithOIDC) => {
      const { session, client, params, claims } = ctx.oidc;
      if (!session?.accountId || session.amr?.includes('otp'))
        return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const requirement = mfaRequirement(await mfa.status(session.accountId), {
        clientRequiresMfa: clientRequiresMfa(client),
        acrAsksForMfa: acrAsksForMfa(params?.acr_values, acrClaimOf(claims)),
      });
      return requirement === 'none'
        ? interactionPolicy.Check.NO_NEED_TO_PROMPT
        : interactionPolicy.Check.REQUEST_PROMPT;
    },
  );
}

/** The library's default policy with the MFA Check added to its login prompt. */
export function policyWithMfa(mfa: MfaService): interactionPolicy.DefaultPolicy {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(mfaCheck(mfa));
  return policy;
}

/** The client's require_mfa metadata (oidc-provider keeps extra metadata under its snake_case name). */
export function clientRequiresMfa(client: unknown): boolean {
  return (client as { require_mfa?: unknown } | undefined)?.require_mfa === true;
}

/** oidc-provider extraClientMetadata for the client's `require_mfa` flag (boolean or absent). */
export const requireMfaMetadata = {
  properties: ['require_mfa'],
  validator(_ctx: unknown, key: string, value: unknown) {
    if (key === 'require_mfa' && value !== undefined && typeof value !== 'boolean') {
      throw new errors.InvalidClientMetadata('require_mfa must be a boolean');
    }
  },
};
