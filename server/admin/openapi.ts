import { z } from 'zod';
import { ROUTES, type RouteSpec } from './route-table.ts';
import { errorSchema } from './schemas.ts';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

/** Query or path parameters of one route, from its zod object schema. */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    ...(property.description && { description: property.description }),
    schema: property,
  }));
}

const json = (schema: z.ZodType, io: 'input' | 'output') => ({
  content: { 'application/json': { schema: jsonSchema(schema, io) } },
});

function operation(name: string, spec: RouteSpec) {
  const error = (description: string) => ({ description, ...json(errorSchema, 'output') });
  const ok = json(spec.response, 'output');
  if (spec.alternative) {
    (ok.content as Record<string, unknown>)[spec.alternative.type] = {
      schema: { type: 'string', description: spec.alternative.description },
    };
  }
  const roles = ['admin', ...(spec.alsoFor ?? [])];
  return {
    operationId: name,
    summary: spec.summary,
    description: `Roles: ${roles.join(', ')}.`,
    security: [{ bearer: ['admin'] }],
    'x-roles': roles,
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(spec.body && { requestBody: { required: spec.method !== 'delete', ...json(spec.body, 'input') } }),
    responses: {
      [String(spec.status ?? 200)]: { description: 'OK', ...ok },
      '400': error('Invalid input; `field` names the offending field'),
      '401': error('No or invalid bearer token'),
      '403': error(
        `Token lacks scope admin, the account is not an active operator, or its role is not one of: ${roles.join(', ')}`,
      ),
      ...(spec.params && { '404': error('No such record') }),
      '409': error('The record is not in a state this action applies to'),
      '503': error('A backing store is unavailable; retry after Retry-After'),
    },
  };
}

/** The OpenAPI 3.1 document, generated from the route table's zod schemas (never edited by hand). */
export function openApiDocument(issuer: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(ROUTES) as [string, RouteSpec][]) {
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][spec.method] = operation(name, spec);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: { title: 'Pitboss admin API', version: '1' },
    servers: [{ url: `${issuer.replace(/\/$/, '')}/admin/api` }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A Pitboss access token with scope admin' },
      },
    },
    paths,
  };
}
