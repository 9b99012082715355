import { discover } from '../test/helpers/oidc-flow.ts';
import { UserAgent } from '../test/helpers/user-agent.ts';
import { basicAuth } from './http-client.ts';
import { pitbossLogin } from './login-flow.ts';
import type { LogoutReceivers } from './logout-receivers.ts';
import { type Measurement, quantile, round } from './measure.ts';
import type { Seed } from './seed.ts';
import type { Target } from './targets.ts';

const DEADLINE_MS = 10_000;

/**
 * Ending all sessions of a player signed in to 10 studios: per round, one player signs in once and
 * consents to each studio (one SSO session, 10 RPs), then the admin API's
 * DELETE /admin/api/users/:id/sessions is called; the time is from sending it until the 10th studio has
 * received and verified its logout token. The first round warms caches and is not recorded.
 */
export async function endAllSessions(
  target: Target,
  seed: Seed,
  receivers: LogoutReceivers,
  rounds: number,
): Promise<Measurement> {
  const studios = await Promise.all(
    seed.studios.map((s) => discover(target.server.url, s.clientId, s.clientSecret)),
  );
  const admin = await adminToken(target, seed);
  const times: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (let round = 0; round <= rounds; round++) {
    const player = seed.logoutPlayers[round]!;
    const agent = new UserAgent();
    for (const studio of studios) await pitbossLogin(studio, player, agent);
    const t0 = performance.now();
    const res = await fetch(`${target.server.url}/admin/api/users/${player.id}/sessions`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    const done = res.ok && (await allReceived(receivers, player.id, t0, studios.length));
    if (round === 0) continue;
    if (!done) errors++;
    else
      times.push(
        Math.max(...receivers.receipts.filter((r) => r.sub === player.id && r.at >= t0).map((r) => r.at)) -
          t0,
      );
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / (times.length || 1);
  return {
    // Sequential: one end-all at a time, so this is 1 / mean time to the 10th logout token.
    rps: times.length ? round(1000 / mean) : 0,
    p50: round(quantile(times, 0.5)),
    p99: round(quantile(times, 0.99)),
    errors,
    requests: rounds,
    durationSec: round((performance.now() - started) / 1000),
  };
}

async function adminToken(target: Target, seed: Seed): Promise<string> {
  const res = await fetch(target.endpoints.token, {
    method: 'POST',
    headers: {
      authorization: basicAuth(seed.admin.clientId, seed.admin.clientSecret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=admin',
  });
  if (!res.ok) throw new Error(`admin token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function allReceived(
  receivers: LogoutReceivers,
  sub: string,
  since: number,
  count: number,
): Promise<boolean> {
  const deadline = performance.now() + DEADLINE_MS;
  while (performance.now() < deadline) {
    const studios = new Set(
      receivers.receipts.filter((r) => r.sub === sub && r.at >= since).map((r) => r.studio),
    );
    if (studios.size >= count) return true;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return false;
}
