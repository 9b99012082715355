import { z } from 'zod';

/** Every request and response shape of the admin API: the validators and the OpenAPI document use these. */

const id = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const accountIdParams = z.object({ id });
export const sessionIdParams = z.object({ sid: id });
export const grantIdParams = z.object({ grantId: id });
export const clientIdParams = z.object({ id });

/** limit/offset pagination shared by every list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('page size (1-200)'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('items to skip'),
};
export const pageOnlyQuery = z.object(pageQuery).strict();

export const usersQuery = z
  .object({
    email: z
      .string()
      .trim()
      .min(3, 'must be an email address')
      .max(254, 'must be at most 254 characters')
      .regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address'),
  })
  .strict();

export const auditQuery = z
  .object({
    account: id.optional().describe('account id'),
    type: z.string().trim().min(1).max(100).optional().describe('event type, e.g. admin.action'),
    since: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
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

export const deliverySchema = z.object({
  id: z.string(),
  clientId: z.string(),
  accountId: z.string(),
  sid: z.string().nullable(),
  sessionId: z.string().nullable(),
  reason: z.string(),
  status: z.enum(['pending', 'failed', 'delivered']),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
  deadlineAt: z.string(),
  deliveredAt: z.string().nullable(),
});

export const disableBody = z
  .object({
    status: z
      .enum(['disabled', 'self_excluded'], { message: 'must be disabled or self_excluded' })
      .default('disabled')
      .describe('self_excluded for a player-requested exclusion'),
    reason: z.string().trim().min(1).max(500).optional().describe('why (audited with the admin id)'),
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
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'must change at least one field' });

const when = z.string().nullable().describe('ISO 8601');

export const accountSchema = z.object({
  id: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  status: z.enum(['active', 'disabled', 'self_excluded']),
  createdAt: z.string(),
});

export const sessionSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  createdAt: when,
  lastActiveAt: when,
  expiresAt: when,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  clients: z.array(z.string()),
  amr: z.array(z.string()),
});

export const grantSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  clientId: z.string(),
  scope: z.string(),
  createdAt: when,
  expiresAt: when,
});

export const auditEntrySchema = z.object({
  id: z.string(),
  eventId: z.string().nullable(),
  at: z.string(),
  type: z.string(),
  outcome: z.string(),
  accountId: z.string().nullable(),
  clientId: z.string().nullable(),
  sessionId: z.string().nullable(),
  grantId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const clientSchema = z.object({
  clientId: z.string(),
  metadata: z.record(z.string(), z.unknown()).describe('oidc-provider client metadata (no secret)'),
  createdAt: z.string().optional(),
});

export const createdClientSchema = z.object({
  clientId: z.string(),
  clientSecret: z.string().optional().describe('shown once; only its hash is stored'),
});

export const endedSchema = z.object({
  ended: z.object({ sessions: z.number().int(), grants: z.number().int() }),
});

/** A page of items. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

/** A page of a list that is not counted: nextOffset is null on the last page. */
export function windowOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    limit: z.number().int(),
    offset: z.number().int(),
    nextOffset: z.number().int().nullable().describe('offset of the next page; null on the last'),
  });
}

export const errorSchema = z.object({
  error: z.string(),
  message: z.string().optional(),
  field: z.string().optional(),
});
