import { z } from 'zod';
import { brandPatchSchema, newBrandSchema } from '../brands/brand.ts';
import { EXCLUSION_PERIODS, TIMEOUT_PERIODS } from '../rg/periods.ts';

/** What the admin API accepts: the validators and the OpenAPI document use these (answers: answer-schemas.ts). */

const id = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const accountIdParams = z.object({ id });
/** A session is named by its uid (the `id` of the session listing), never by its cookie value. */
export const sessionIdParams = z.object({ sid: id.describe("the session's uid, as listed") });
export const grantIdParams = z.object({ grantId: id });
export const clientIdParams = z.object({ id });

/** limit/offset pagination shared by every list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('page size (1-200)'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('items to skip'),
};
export const pageOnlyQuery = z.object(pageQuery).strict();

/** `email=` finds one account (exact, case-insensitive); `q=` searches (email prefix, account id or sub). */
export const usersQuery = z
  .object({
    email: z
      .string()
      .trim()
      .min(3, 'must be an email address')
      .max(254, 'must be at most 254 characters')
      .regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address')
      .optional()
      .describe('exact email (case-insensitive): answers { user }'),
    q: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(254, 'must be at most 254 characters')
      .optional()
      .describe('email prefix, account id or sub: answers a page of accounts'),
    ...pageQuery,
  })
  .strict()
  .refine((query) => (query.email === undefined) !== (query.q === undefined), {
    message: 'give either email or q',
    path: ['email'],
  });

/**
 * Why an operator acted: kept in the audit row. Required (400 naming `reason`) where DESIGN says so:
 * disable, enable, mfa/reset, timeout, self-exclusion.
 */
export const reason = z
  .string({ message: 'is required: say why (it is kept in the audit trail)' })
  .trim()
  .min(1, 'is required: say why (it is kept in the audit trail)')
  .max(500, 'must be at most 500 characters')
  .describe('why: recorded in the audit trail with the operator');
/** The body of a change whose reason is optional. */
export const optionalReasonBody = z.object({ reason: reason.optional() }).strict();
/** The body of a change that must say why. */
export const reasonBody = z.object({ reason }).strict();

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/** Filters shared by the audit page and the NDJSON export. */
export const auditFilters = {
  account: id.optional().describe('account id'),
  type: z.string().trim().min(1).max(100).optional().describe('event type, e.g. admin.action'),
  since: instant.optional().describe('events at or after this time'),
  until: instant.optional().describe('events before this time'),
  ip: z.string().trim().min(1).max(64).optional().describe('client IP address'),
  client: id.optional().describe('client id'),
};

export const auditQuery = z
  .object({
    ...auditFilters,
    format: z
      .enum(['json', 'ndjson'], { message: 'must be json or ndjson' })
      .default('json')
      .describe('ndjson: the whole filtered range as one JSON object a line, oldest first, streamed'),
    ...pageQuery,
  })
  .strict();

export const deliveryIdParams = z.object({ id });

export const backchannelQuery = z
  .object({
    status: z
      .enum(['pending', 'failed', 'delivered'], { message: 'must be pending, failed or delivered' })
      .optional()
      .describe('only deliveries in this state'),
    ...pageQuery,
  })
  .strict();

export const disableBody = z
  .object({
    status: z
      .enum(['disabled', 'self_excluded'], { message: 'must be disabled or self_excluded' })
      .default('disabled')
      .describe('self_excluded for a player-requested exclusion'),
    reason,
  })
  .strict();

/** `none` takes every operator role away (the account stays a player). */
export const roleBody = z
  .object({
    role: z.enum(['admin', 'support', 'none'], { message: 'must be admin, support or none' }),
    reason: reason.optional(),
  })
  .strict();

const grantType = z.enum(['authorization_code', 'refresh_token', 'client_credentials'], {
  message: 'must be among authorization_code, refresh_token, client_credentials',
});
const uri = z.string().max(2000, 'must be at most 2000 characters');
const clientFields = {
  name: z.string().max(200, 'must be at most 200 characters'),
  redirectUris: z.array(uri).max(50, 'at most 50'),
  postLogoutRedirectUris: z.array(uri).max(50, 'at most 50'),
  backchannelLogoutUri: uri,
  grantTypes: z.array(grantType).max(3),
  scope: z.string().max(1000, 'must be at most 1000 characters'),
  brandId: z
    .string()
    .regex(/^brand_[0-9a-f]{12}$/, 'must be a brand id (brand_ and 12 hex characters)')
    .describe('the brand its pages and mails show (GET /brands)'),
};

/** Structural checks here; the registration rules (https, PKCE, grant combinations) are the client store's. */
export const clientCreateBody = z
  .object({
    ...clientFields,
    redirectUris: clientFields.redirectUris.optional(),
    postLogoutRedirectUris: clientFields.postLogoutRedirectUris.optional(),
    backchannelLogoutUri: clientFields.backchannelLogoutUri.optional(),
    public: z.boolean().optional().describe('public client (SPA, mobile): no secret, PKCE'),
    grantTypes: clientFields.grantTypes.optional(),
    scope: clientFields.scope.optional(),
    brandId: clientFields.brandId.optional(),
    reason: reason.optional(),
  })
  .strict();

export const clientPatchBody = z
  .object({
    name: clientFields.name.optional(),
    redirectUris: clientFields.redirectUris.optional(),
    postLogoutRedirectUris: clientFields.postLogoutRedirectUris.optional(),
    backchannelLogoutUri: clientFields.backchannelLogoutUri.nullable().optional().describe('null removes it'),
    grantTypes: clientFields.grantTypes.optional(),
    scope: clientFields.scope.optional(),
    brandId: clientFields.brandId.nullable().optional().describe('null: no brand (the platform look)'),
    reason: reason.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).some((k) => k !== 'reason'), {
    message: 'must change at least one field',
  });

/** A restriction an admin sets (never lifted early by anyone); the reason is required. */
const restrictionBody = <P extends readonly [string, ...string[]]>(periods: P) =>
  z.object({ period: z.enum(periods, { message: `must be one of ${periods.join(', ')}` }), reason }).strict();
export const timeoutBody = restrictionBody(TIMEOUT_PERIODS);
export const selfExclusionBody = restrictionBody(EXCLUSION_PERIODS);

export const brandIdParams = z.object({ id });

/** A new brand (the same rules as `pitboss brand add`). */
export const brandCreateBody = newBrandSchema.extend({ reason: reason.optional() }).strict();

export const brandPatchBody = brandPatchSchema
  .extend({ reason: reason.optional() })
  .strict()
  .refine((patch) => Object.keys(patch).some((k) => k !== 'reason'), {
    message: 'must change at least one field',
  });

export * from './answer-schemas.ts';
