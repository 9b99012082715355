import { z } from 'zod';
import type { OperatorRole } from '../accounts/operator-roles.ts';
import * as s from './schemas.ts';

/**
 * One admin API route: what it accepts and returns, and who may call it. The router, the validators and the
 * OpenAPI document all read this table. To add a route: add an entry here (schemas in schemas.ts) and a
 * handler under the same name in api-handlers.ts; tsc refuses a route without its handler.
 */
export interface RouteSpec {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** koa-style path under /admin/api. */
  path: string;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
  /** Roles allowed besides `admin` (which may call every route); support is refused (403) elsewhere. */
  alsoFor?: readonly OperatorRole[];
  /** Another representation the route can answer with (`format=ndjson`), for the OpenAPI document. */
  alternative?: { type: string; description: string };
}

/** Routes support staff may call: look players up, read and end their sessions and grants. */
const SUPPORT = ['support'] as const;

const route = <T extends RouteSpec>(spec: T) => spec;

/** The admin API, route by route (handlers live in api-handlers.ts, keyed by the same names). */
export const ROUTES = {
  findUser: route({
    method: 'get',
    path: '/users',
    summary: 'Find an account by email (email=), or search by email prefix, account id or sub (q=, paged)',
    query: s.usersQuery,
    response: s.usersResponse,
    alsoFor: SUPPORT,
  }),
  getUser: route({
    method: 'get',
    path: '/users/:id',
    summary: 'The account: status, roles, MFA, lockouts, responsible-gambling limits and restriction',
    params: s.accountIdParams,
    response: s.accountDetailSchema,
    alsoFor: SUPPORT,
  }),
  unlockUser: route({
    method: 'post',
    path: '/users/:id/unlock',
    summary: "Clear the account's sign-in and MFA lockouts (nothing else changes; no session ends)",
    params: s.accountIdParams,
    body: s.optionalReasonBody,
    response: z.object({ user: s.accountSchema, lockouts: s.accountDetailSections.lockouts }),
  }),
  enableUser: route({
    method: 'post',
    path: '/users/:id/enable',
    summary: 'Enable a disabled account (409 otherwise: a time-out, self-exclusion or panic is never lifted)',
    params: s.accountIdParams,
    body: s.reasonBody,
    response: z.object({ user: s.accountSchema }),
  }),
  resetMfa: route({
    method: 'post',
    path: '/users/:id/mfa/reset',
    summary: 'Remove every second factor (TOTP, recovery codes); every session and grant ends, RPs told',
    params: s.accountIdParams,
    body: s.reasonBody,
    response: z.object({ user: s.accountSchema, ended: s.endedCounts }),
  }),
  sendPasswordReset: route({
    method: 'post',
    path: '/users/:id/password-reset',
    summary:
      'Mail the player a single-use password reset link (RESET_TOKEN_TTL); nothing ends until it is used, then every session and grant ends (RPs told). Active accounts only (409 otherwise)',
    params: s.accountIdParams,
    body: s.optionalReasonBody,
    response: s.passwordResetAnswer,
  }),
  setRole: route({
    method: 'post',
    path: '/users/:id/role',
    summary: 'Make the account an admin, a support operator, or neither; bumps its session version',
    params: s.accountIdParams,
    body: s.roleBody,
    response: z.object({ user: s.accountSchema, ended: s.endedCounts }),
  }),
  timeoutUser: route({
    method: 'post',
    path: '/users/:id/timeout',
    summary:
      'Time-out (24h, 7d, 30d, 42d): sign-in refused until it ends, every session and grant ends now (RPs told); no one lifts it early',
    params: s.accountIdParams,
    body: s.timeoutBody,
    response: s.restrictionAnswer,
  }),
  selfExcludeUser: route({
    method: 'post',
    path: '/users/:id/self-exclusion',
    summary:
      'Self-exclusion (6m, 1y, 5y, permanent): as a time-out; a shorter restriction never cuts a longer one',
    params: s.accountIdParams,
    body: s.selfExclusionBody,
    response: s.restrictionAnswer,
  }),
  getUserRg: route({
    method: 'get',
    path: '/users/:id/rg',
    summary: 'Responsible gambling: limits in force, pending changes, the restriction, and their history',
    params: s.accountIdParams,
    response: s.rgSummarySchema,
    alsoFor: SUPPORT,
  }),
  stats: route({
    method: 'get',
    path: '/stats',
    summary: 'Live figures: active sessions, sign-ins and failures, lockouts, reuse, back-channel queue',
    response: s.statsSchema,
  }),
  listSessions: route({
    method: 'get',
    path: '/users/:id/sessions',
    summary: "List an account's live sessions (from the per-account index)",
    params: s.accountIdParams,
    query: s.pageOnlyQuery,
    response: s.pageOf(s.sessionSchema),
    alsoFor: SUPPORT,
  }),
  endAllSessions: route({
    method: 'delete',
    path: '/users/:id/sessions',
    summary: 'End every session and grant of an account; tokens die, RPs get back-channel logout',
    params: s.accountIdParams,
    body: s.optionalReasonBody,
    response: s.endedSchema,
    alsoFor: SUPPORT,
  }),
  endSession: route({
    method: 'delete',
    path: '/sessions/:sid',
    summary: 'End one session and its grants (back-channel logout to its RPs)',
    params: s.sessionIdParams,
    body: s.optionalReasonBody,
    response: s.endedSchema,
    alsoFor: SUPPORT,
  }),
  listGrants: route({
    method: 'get',
    path: '/users/:id/grants',
    summary: "List an account's live grants",
    params: s.accountIdParams,
    query: s.pageOnlyQuery,
    response: s.pageOf(s.grantSchema),
    alsoFor: SUPPORT,
  }),
  revokeGrant: route({
    method: 'delete',
    path: '/grants/:grantId',
    summary: 'Revoke one grant and every token of it (that RP gets back-channel logout)',
    params: s.grantIdParams,
    body: s.optionalReasonBody,
    response: s.endedSchema,
    alsoFor: SUPPORT,
  }),
  disableUser: route({
    method: 'post',
    path: '/users/:id/disable',
    summary: 'Disable or self-exclude an account (bumps session_version, ends everything)',
    params: s.accountIdParams,
    body: s.disableBody,
    response: z.object({ user: s.accountSchema, ended: s.endedCounts }),
  }),
  queryAudit: route({
    method: 'get',
    path: '/audit',
    summary: 'Audit events, newest first; format=ndjson exports the whole filtered range, streamed',
    query: s.auditQuery,
    response: s.windowOf(s.auditEntrySchema),
    alternative: {
      type: 'application/x-ndjson',
      description: 'format=ndjson: one audit event (the JSON item shape) a line, oldest first',
    },
  }),
  listClients: route({
    method: 'get',
    path: '/clients',
    summary: 'List registered clients',
    query: s.pageOnlyQuery,
    response: s.pageOf(s.clientSchema),
  }),
  createClient: route({
    method: 'post',
    path: '/clients',
    summary: 'Register a client; the secret is in this response only',
    body: s.clientCreateBody,
    response: s.createdClientSchema,
    status: 201,
  }),
  getClient: route({
    method: 'get',
    path: '/clients/:id',
    summary: 'One client',
    params: s.clientIdParams,
    response: s.clientSchema,
  }),
  updateClient: route({
    method: 'patch',
    path: '/clients/:id',
    summary: "Change a client's metadata (same rules as registration)",
    params: s.clientIdParams,
    body: s.clientPatchBody,
    response: s.clientSchema,
  }),
  deleteClient: route({
    method: 'delete',
    path: '/clients/:id',
    summary: 'Delete a client',
    params: s.clientIdParams,
    body: s.optionalReasonBody,
    response: z.object({ deleted: z.literal(true) }),
  }),
  listBrands: route({
    method: 'get',
    path: '/brands',
    summary: 'List brands (casinos run on this platform) with the clients that show each',
    query: s.pageOnlyQuery,
    response: s.pageOf(s.brandSchema),
  }),
  createBrand: route({
    method: 'post',
    path: '/brands',
    summary:
      "Add a brand: name, logo, colour, support link, minimum age, default language (as 'pitboss brand add')",
    body: s.brandCreateBody,
    response: s.brandSchema,
    status: 201,
  }),
  getBrand: route({
    method: 'get',
    path: '/brands/:id',
    summary: 'One brand',
    params: s.brandIdParams,
    response: s.brandSchema,
  }),
  updateBrand: route({
    method: 'patch',
    path: '/brands/:id',
    summary:
      "Change a brand (null clears logoUrl, supportUrl, minAge); its clients' pages and mails show it at once",
    params: s.brandIdParams,
    body: s.brandPatchBody,
    response: s.brandSchema,
  }),
  listBackchannel: route({
    method: 'get',
    path: '/backchannel',
    summary: 'Back-channel logout deliveries (the durable outbox), newest first',
    query: s.backchannelQuery,
    response: s.windowOf(s.deliverySchema),
  }),
  retryBackchannel: route({
    method: 'post',
    path: '/backchannel/:id/retry',
    summary: 'Send a failed (or pending) back-channel logout again now, with a fresh deadline',
    params: s.deliveryIdParams,
    body: s.optionalReasonBody,
    response: s.deliverySchema,
  }),
} as const;

export type RouteName = keyof typeof ROUTES;
