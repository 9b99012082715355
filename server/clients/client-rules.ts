import { z } from 'zod';
import {
  type BackchannelUriPolicy,
  backchannelUriProblem,
  STRICT_BACKCHANNEL_POLICY,
} from '../logout/backchannel-uri-policy.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
// RFC 8252 section 7.1: a private-use scheme is a reverse domain name, so it must contain a period.
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/;
const HTTPS_ONLY = 'must be an absolute https URL (http allowed only for loopback)';
const NATIVE =
  'must be an absolute https URL, http on loopback, or a reverse-domain custom scheme (com.example.app:/cb)';
const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
// RFC 6749 section 3.3 scope-token characters.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Whether a redirect URI is loopback http or a private-use scheme (either makes a public client native). */
export function isNativeRedirect(uri: string): boolean {
  const url = new URL(uri);
  return (
    PRIVATE_USE_SCHEME.test(url.protocol) || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  );
}

/** Why a redirect (or post-logout redirect) URI is unacceptable for this kind of client, if it is. */
export function redirectUriProblem(uri: string, isPublic: boolean): string | undefined {
  const problem = isPublic ? NATIVE : HTTPS_ONLY;
  if (!URL.canParse(uri)) return problem;
  const url = new URL(uri);
  if (url.hash || uri.includes('#')) return 'must not contain a fragment';
  if (url.protocol === 'https:' && url.hostname) return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  if (isPublic && PRIVATE_USE_SCHEME.test(url.protocol)) return undefined;
  return problem;
}

const uriList = (isPublic: boolean) =>
  z.array(z.string()).superRefine((uris, ctx) => {
    for (const uri of uris) {
      const problem = redirectUriProblem(uri, isPublic);
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem} (got ${uri})` });
    }
  });

/** The registration input schema; public clients may also use native redirect URIs. */
export function newClientSchema(
  isPublic: boolean,
  backchannel: BackchannelUriPolicy = STRICT_BACKCHANNEL_POLICY,
) {
  return z
    .object({
      name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
      redirectUris: uriList(isPublic).default([]),
      postLogoutRedirectUris: uriList(isPublic).default([]),
      backchannelLogoutUri: z
        .string()
        .superRefine((uri, ctx) => {
          const problem = backchannelUriProblem(uri, backchannel);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .optional(),
      public: z.boolean().default(false),
      requireMfa: z.boolean().default(false),
      /** The casino's own app: no consent page, offline_access without prompt=consent, may get scope rg. */
      firstParty: z.boolean().default(false),
      brandId: z
        .string()
        .regex(
          /^brand_[0-9a-f]{12}$/,
          'must be a brand id from pitboss brand add (brand_ and 12 hex characters)',
        )
        .optional(),
      sessionIdleTtl: z.coerce.number().int().positive('must be a positive number of seconds').optional(),
      sessionAbsoluteTtl: z.coerce.number().int().positive('must be a positive number of seconds').optional(),
      grantTypes: z
        .array(z.enum(GRANT_TYPES, { message: `must be among ${GRANT_TYPES.join(', ')}` }))
        .min(1, 'must not be empty')
        .default(['authorization_code', 'refresh_token'])
        .transform((grants) => [...new Set(grants)]),
      scope: z
        .string()
        .trim()
        .default('openid profile email offline_access')
        .transform((scope) => [...new Set(scope.split(/\s+/).filter(Boolean))])
        .refine((tokens) => tokens.length > 0, { message: 'must not be empty' })
        .refine((tokens) => tokens.every((t) => SCOPE_TOKEN.test(t)), {
          message: 'contains an invalid scope token',
        }),
    })
    .superRefine((c, ctx) => {
      const issue = (field: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [field], message });
      const code = c.grantTypes.includes('authorization_code');
      if (c.public && c.grantTypes.includes('client_credentials')) {
        issue('grantTypes', 'public clients cannot use client_credentials');
      }
      if (c.grantTypes.includes('refresh_token') && !code) {
        issue('grantTypes', 'refresh_token requires authorization_code');
      }
      if (code && c.redirectUris.length === 0)
        issue('redirectUris', 'at least one is required for authorization_code');
      if (code && !c.scope.includes('openid')) issue('scope', 'must include openid for authorization_code');
    });
}
