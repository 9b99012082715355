import { z } from 'zod';

/** What the admin API answers: the OpenAPI document's response schemas. */

export const deliverySchema = z.object({
  id: z.string(),
  clientId: z.string(),
  accountId: z.string(),
  sid: z.string().nullable(),
  sessionId: z.string().nullable().describe("the session's uid (never the session cookie value)"),
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

const when = z.string().nullable().describe('ISO 8601');

export const accountSchema = z.object({
  id: z.string().describe('account id; also the OIDC sub'),
  email: z.string(),
  roles: z.array(z.string()),
  status: z.string().describe('active, disabled or self_excluded'),
  emailVerified: z
    .boolean()
    .describe('the player followed the verification link (operator-made accounts: true)'),
  createdAt: z.string(),
});

/** POST /users/:id/password-reset: the mail is queued (durably); the link is single use until `linkExpiresAt`. */
export const passwordResetAnswer = z.object({
  user: accountSchema,
  resetMail: z.object({ to: z.string(), linkExpiresAt: z.string().describe('ISO 8601') }),
});

/**
 * GET /users/:id: the account and one section per concern. Each section has its reader in
 * account-detail.ts under the same key; a capability adds its section in both places.
 */
export const accountDetailSections = {
  mfa: z.object({
    totp: z.boolean().describe('a TOTP authenticator is enrolled'),
    passkeys: z
      .array(z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: when }))
      .describe('registered passkeys (WebAuthn), oldest first; removed by mfa/reset'),
    required: z.boolean().describe('the account must use a second factor'),
    recoveryCodesLeft: z.number().int(),
  }),
  lockouts: z.object({
    login: z.object({ locked: z.boolean(), failures: z.number().int(), retryAfterSeconds: z.number().int() }),
    mfa: z.object({ locked: z.boolean(), failures: z.number().int() }),
  }),
  responsibleGambling: z.object({
    sessionLimitMinutes: z.number().int().nullable().describe('the same as limits.sessionMinutes'),
    limits: z.object({
      sessionMinutes: z.number().int().nullable(),
      realityCheckMinutes: z.number().int().nullable(),
    }),
    pending: z
      .array(z.object({ name: z.string(), value: z.number().int().nullable(), effectiveAt: when }))
      .describe('looser limits waiting for the cooling-off; each applies at effectiveAt'),
    restriction: z
      .object({
        kind: z.string().describe('timeout, self_exclusion, panic or register'),
        since: when,
        until: when.describe('ISO 8601; null: permanent'),
      })
      .nullable()
      .describe('what stops the player signing in, and until when'),
  }),
  sessions: z.object({ live: z.number().int() }),
};
export const accountDetailSchema = z.object({
  user: accountSchema.extend({
    email_verified: z.boolean().describe("DESIGN's name for emailVerified (the same value)"),
  }),
  ...accountDetailSections,
});

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
  id: z.string().describe("the session's uid (DELETE /sessions/:sid takes it); never the cookie value"),
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
  sessionId: z.string().nullable().describe("the session's uid (never the session cookie value)"),
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

export const brandSchema = z.object({
  id: z.string().describe('brand_ and 12 hex characters; a client shows it through its brand_id'),
  name: z.string(),
  logoUrl: z.string().nullable(),
  primaryColor: z.string().describe('#rrggbb'),
  supportUrl: z.string().nullable(),
  minAge: z.number().int().nullable().describe('raises MIN_AGE for this brand (never lowers it)'),
  defaultLocale: z.string(),
  createdAt: z.string(),
  clients: z.array(z.string()).describe('ids of the clients that show this brand'),
});

const epoch = z.number().int().nullable().describe('epoch seconds');

/** GET /users/:id/rg: responsible gambling in force, pending, and the history (server/rg/admin-rg-routes.ts). */
export const rgSummarySchema = z.object({
  limits: z.object({
    session_minutes: z.number().int().nullable(),
    reality_check_minutes: z.number().int().nullable(),
    pending: z.array(z.object({ name: z.string(), value: z.number().int().nullable(), effective_at: epoch })),
  }),
  restriction: z.object({ kind: z.string(), since: epoch, until: epoch }).nullable(),
  previous_login_at: epoch,
  history: z.object({
    restrictions: z.array(
      z.object({
        kind: z.string(),
        period: z.string().nullable(),
        starts_at: epoch,
        ends_at: epoch,
        actor: z.string().nullable(),
        surface: z.string().nullable(),
        reason: z.string().nullable(),
      }),
    ),
    limit_changes: z.array(
      z.object({
        name: z.string(),
        from: z.number().int().nullable(),
        to: z.number().int().nullable(),
        requested_at: epoch,
        effective_at: epoch,
        applied_at: epoch,
        cancelled_at: epoch,
        actor: z.string().nullable(),
        surface: z.string().nullable(),
        reason: z.string().nullable(),
      }),
    ),
  }),
});

/** POST /users/:id/timeout and /self-exclusion: what is now in force and what ended. */
export const restrictionAnswer = z.object({
  restriction: z.object({ kind: z.string(), period: z.string(), until: epoch.describe('null: permanent') }),
  ended: endedCounts,
});
