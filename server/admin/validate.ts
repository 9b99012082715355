import type { Context, Next } from 'koa';
import type { z } from 'zod';
import { InvalidInputError } from '../errors.ts';
import type { RouteSpec } from './route-table.ts';

/** What a validated request carries to its handler. */
export interface ValidInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
}

function parse(schema: z.ZodType | undefined, input: unknown, where: string): Record<string, unknown> {
  if (!schema) return {};
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issue = parsed.error.issues[0]!;
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.');
  throw new InvalidInputError(key ? String(key) : where, issue.message);
}

/** Validates params, query and body with the route's own schemas; 400 naming the first bad field. */
export function validate(spec: RouteSpec) {
  return async function validateInput(ctx: Context, next: Next) {
    const query = Object.fromEntries(
      Object.entries(ctx.query).map(([k, v]) => [k, Array.isArray(v) ? v.at(-1) : v]),
    );
    const rawBody = (ctx.request as { body?: unknown }).body;
    ctx.state.input = {
      params: parse(spec.params, ctx.params, 'params'),
      query: parse(spec.query, query, 'query'),
      body: parse(spec.body, rawBody ?? {}, 'body'),
    } satisfies ValidInput;
    await next();
  };
}
