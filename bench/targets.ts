import { basicAuth } from './http-client.ts';
import type { ServerKind } from './login-flow.ts';
import type { Seed } from './seed.ts';
import type { ServerProcess } from './servers.ts';

/** `compare`: another checkout's build on Redis (BENCH_COMPARE_ROOT), for before/after in one run. */
export type StoreName = 'redis' | 'memory' | 'baseline' | 'compare';

/** A server under test plus what the scenarios need to address it. */
export interface Target {
  store: StoreName;
  kind: ServerKind;
  server: ServerProcess;
  endpoints: { token: string; introspection: string; userinfo: string };
}

/** Reads the endpoint URLs from the server's discovery document. */
export async function discoverEndpoints(url: string): Promise<Target['endpoints']> {
  const res = await fetch(`${url}/.well-known/openid-configuration`);
  const doc = (await res.json()) as Record<string, string>;
  return {
    token: doc.token_endpoint!,
    introspection: doc.introspection_endpoint!,
    userinfo: doc.userinfo_endpoint!,
  };
}

/** The single request each autocannon scenario repeats. */
export function cannonRequest(
  scenario: 'client_credentials' | 'introspection' | 'userinfo',
  target: Target,
  seed: Seed,
  live: string,
): { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: string } {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  switch (scenario) {
    case 'client_credentials':
      return {
        url: target.endpoints.token,
        method: 'POST',
        headers: { ...form, authorization: basicAuth(seed.service.clientId, seed.service.clientSecret) },
        body: 'grant_type=client_credentials',
      };
    case 'introspection':
      return {
        url: target.endpoints.introspection,
        method: 'POST',
        headers: { ...form, authorization: basicAuth(seed.rp.clientId, seed.rp.clientSecret) },
        body: new URLSearchParams({ token: live }).toString(),
      };
    case 'userinfo':
      return { url: target.endpoints.userinfo, method: 'GET', headers: { authorization: `Bearer ${live}` } };
  }
}

/** The scenarios one repeated request measures (autocannon at full speed, paced workers at half peak). */
export type CannonScenario = Parameters<typeof cannonRequest>[0];

/**
 * Whether a response is what the scenario claims (a token issued, an active introspection, claims
 * returned), so a run never measures a fast error.
 */
export function answers(scenario: string, status: number, body: Record<string, unknown>): boolean {
  if (status !== 200) return false;
  if (scenario === 'client_credentials') return typeof body.access_token === 'string';
  if (scenario === 'introspection') return body.active === true;
  return typeof body.sub === 'string';
}

/** Sends the scenario's request once and checks its answer (see `answers`) before the scenario runs. */
export async function checkRequest(
  request: ReturnType<typeof cannonRequest>,
  scenario: string,
): Promise<void> {
  const res = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!answers(scenario, res.status, body))
    throw new Error(`${scenario} sanity request failed: ${res.status} ${JSON.stringify(body)}`);
}
