import { z } from 'zod';
import * as s from './schemas.ts';

/** One admin API route: what it accepts and returns. Validators and the OpenAPI document both read this. */
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
}

const route = <T extends RouteSpec>(spec: T) => spec;

/** The admin API, route by route (handlers live in api-handlers.ts, keyed by the same names). */
export const ROUTES = {
  findUser: route({
    method: 'get',
    path: '/users',
    summary: 'Find an account by email',
    query: s.usersQuery,
    response: z.object({ user: s.accountSchema }),
  }),
  listSessions: route({
    method: 'get',
    path: '/users/:id/sessions',
    summary: "List an account's live sessions (from the per-account index)",
    params: s.accountIdParams,
    query: s.pageOnlyQuery,
    response: s.pageOf(s.sessionSchema),
  }),
  endAllSessions: route({
    method: 'delete',
    path: '/users/:id/sessions',
    summary: 'End every session and grant of an account; tokens die, RPs get back-channel logout',
    params: s.accountIdParams,
    response: s.endedSchema,
  }),
  endSession: route({
    method: 'delete',
    path: '/sessions/:sid',
    summary: 'End one session and its grants (back-channel logout to its RPs)',
    params: s.sessionIdParams,
    response: s.endedSchema,
  }),
  listGrants: route({
    method: 'get',
    path: '/users/:id/grants',
    summary: "List an account's live grants",
    params: s.accountIdParams,
    query: s.pageOnlyQuery,
    response: s.pageOf(s.grantSchema),
  }),
  revokeGrant: route({
    method: 'delete',
    path: '/grants/:grantId',
    summary: 'Revoke one grant and every token of it (that RP gets back-channel logout)',
    params: s.grantIdParams,
    response: s.endedSchema,
  }),
  disableUser: route({
    method: 'post',
    path: '/users/:id/disable',
    summary: 'Disable or self-exclude an account (bumps session_version, ends everything)',
    params: s.accountIdParams,
    body: s.disableBody,
    response: z.object({ user: s.accountSchema, ended: s.endedSchema.shape.ended }),
  }),
  queryAudit: route({
    method: 'get',
    path: '/audit',
    summary: 'Audit events, newest first',
    query: s.auditQuery,
    response: s.windowOf(s.auditEntrySchema),
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
    response: z.object({ deleted: z.literal(true) }),
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
    response: s.deliverySchema,
  }),
} as const;

export type RouteName = keyof typeof ROUTES;
