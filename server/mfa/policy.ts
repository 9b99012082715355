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

/** amr values that record a second factor: a TOTP or recovery code (otp), a passkey (hwk). */
export const SECOND_FACTOR_AMR: readonly string[] = ['otp', 'hwk'];

/** Whether an amr list records a second factor. */
export function hasSecondFactor(amr: readonly string[] | undefined): boolean {
  return !!amr?.some((m) => SECOND_FACTOR_AMR.includes(m));
}

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
 * A second factor is needed when an operator flagged the account, when the client is configured with
 * require_mfa, or when the request asks for the MFA acr; an enrolled account (TOTP or a passkey) is also
 * asked on a browser it has not signed in from before (`newDevice`, NEW_DEVICE_MFA). Enrolled accounts
 * verify; others enrol.
 */
export function mfaRequirement(
  status: Pick<MfaStatus, 'enrolled' | 'required'>,
  request: { clientRequiresMfa: boolean; acrAsksForMfa: boolean; newDevice: boolean },
): MfaRequirement {
  const required = status.required || request.clientRequiresMfa || request.acrAsksForMfa;
  if (status.enrolled) return required || request.newDevice ? 'verify' : 'none';
  return required ? 'enrol' : 'none';
}

/**
 * The login-prompt Check: a session without a second factor in its amr must add one when one is required.
 * The session's browser is not new (it signed in here), so only the account, client and request count.
 */
export function mfaCheck(mfa: MfaService): interactionPolicy.Check {
  return new interactionPolicy.Check(
    MFA_REASON,
    'a second authentication factor is required',
    async (ctx: KoaContextWithOIDC) => {
      const { session, client, params, claims } = ctx.oidc;
      if (!session?.accountId || hasSecondFactor(session.amr))
        return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const requirement = mfaRequirement(await mfa.status(session.accountId), {
        clientRequiresMfa: clientRequiresMfa(client),
        acrAsksForMfa: acrAsksForMfa(params?.acr_values, acrClaimOf(claims)),
        newDevice: false,
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
