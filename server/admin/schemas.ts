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
    reason: reason.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).some((k) => k !== 'reason'), {
    message: 'must change at least one field',
  });

const when = z.string().nullable().describe('ISO 8601');

export const accountSchema = z.object({
  id: z.string().describe('account id; also the OIDC sub'),
  email: z.string(),
  roles: z.array(z.string()),
  status: z.string().describe('active, disabled or self_excluded'),
  createdAt: z.string(),
});

/**
 * GET /users/:id: the account and one section per concern. Each section has its reader in
 * account-detail.ts under the same key; a capability adds its section in both places.
 */
export const accountDetailSections = {
  mfa: z.object({
    totp: z.boolean().describe('a TOTP authenticator is enrolled'),
    required: z.boolean().describe('the account must use a second factor'),
    recoveryCodesLeft: z.number().int(),
  }),
  lockouts: z.object({
    login: z.object({ locked: z.boolean(), failures: z.number().int(), retryAfterSeconds: z.number().int() }),
    mfa: z.object({ locked: z.boolean(), failures: z.number().int() }),
  }),
  responsibleGambling: z.object({
    sessionLimitMinutes: z.number().int().nullable(),
    restriction: z
      .object({ kind: z.string(), until: z.string().nullable() })
      .nullable()
      .describe('what stops the player signing in, and until when'),
  }),
  sessions: z.object({ live: z.number().int() }),
};
export const accountDetailSchema = z.object({ user: accountSchema, ...accountDetailSections });

export const usersResponse = z.union([
  z.object({ user: accountSchema }).describe('email=: the one account'),
  z
    .object({
      items: z.array(accountSchema),
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
    })
    .describe('q=: a page of matches'),
]);

export const statsSchema = z.object({
  generatedAt: z.string(),
  activeSessions: z.number().int(),
  signInsLastHour: z.number().int(),
  failedSignInsLastHour: z.number().int(),
  lockoutsLastHour: z.number().int().describe('sign-in and MFA lockouts started'),
  lockoutsLast24h: z.number().int(),
  reuseDetectionsLastHour: z.number().int().describe('refresh tokens presented again (grant revoked)'),
  reuseDetectionsLast24h: z.number().int(),
  backchannel: z.object({
    pending: z.number().int(),
    failing: z.number().int().describe('pending after a failed attempt'),
    failed: z.number().int().describe('given up at the deadline'),
    oldestPendingAgeSeconds: z.number().int().nullable(),
    oldestFailedAgeSeconds: z.number().int().nullable(),
  }),
  series: z.object({
    bucketSeconds: z.number().int(),
    signIns: z.array(z.number().int()).describe('oldest bucket first'),
    failedSignIns: z.array(z.number().int()),
  }),
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

/** One RP told of an ending: its back-channel logout delivery as it stands. */
export const logoutSchema = z.object({
  clientId: z.string(),
  clientName: z.string().nullable(),
  deliveryId: z.string(),
  status: z
    .enum(['queued', 'delivered', 'failing', 'failed'])
    .describe('failing: still retried after an error; failed: given up at its deadline'),
  lastError: z.string().nullable(),
});

export const endedCounts = z.object({
  sessions: z.number().int(),
  grants: z.number().int(),
  logouts: z.array(logoutSchema).describe('each RP involved and its back-channel logout'),
});

export const endedSchema = z.object({ ended: endedCounts });

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
