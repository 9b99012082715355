import type { z } from 'zod';
import { InvalidInputError } from './errors.ts';

/** Parses input with a zod schema; the first problem becomes an InvalidInputError naming its top-level field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new InvalidInputError(String(issue.path[0] ?? 'input'), issue.message);
}

/** True for Postgres unique_violation (23505). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}
