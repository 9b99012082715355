/**
 * How long from an admin restriction to the last RP's logout token and to `session.ended` on a live stream.
 * Two instances on one Redis and one Postgres schema; per run a fresh player signs in to a lobby and a studio (one
 * SSO session, two RPs with real back-channel receivers) and holds GET /session/events on instance A; the clock
 * starts when POST /admin/api/users/:id/timeout is sent to instance B. Not part of `npm run bench`; run:
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> TEST_REDIS_URL=redis://127.0.0.1:6379 \
 *     node --import tsx bench/rg-restriction-latency.ts [runs=100]
 */
import * as client from 'openid-client';
import { discover } from '../test/helpers/oidc-flow.ts';
import { waitFor } from '../test/logout/receiver.ts';
import { openEventStream } from '../test/rg/event-stream.ts';
import { playerInBoth, startRgFixture } from '../test/rg/fixture.ts';
import { quantile } from './measure.ts';

const runs = Number(process.argv[2] ?? 100);
const f = await startRgFixture();
try {
  const ops = await f.a.pitboss.clients.create({
    name: 'Compliance tooling',
    redirectUris: [],
    grantTypes: ['client_credentials'],
    scope: 'admin',
  });
  const token = (
    await client.clientCredentialsGrant(await discover(f.a.url, ops.clientId, ops.clientSecret), {
      scope: 'admin',
    })
  ).access_token;
  const toLogout: number[] = [];
  const toEnded: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const p = await playerInBoth(f);
    const stream = await openEventStream(`${f.a.url}/session/events`, p.studio.access_token);
    // The stream is registered before its response headers are sent, so it is listening once fetch resolves.
    const t0 = performance.now();
    const res = await fetch(`${f.b.url}/admin/api/users/${p.account.id}/timeout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ period: '24h', reason: 'latency measurement' }),
    });
    if (!res.ok) throw new Error(`admin timeout answered ${res.status}`);
    const got = (r: { receiver: { receipts: { sub: string; at: number }[] } }) =>
      r.receiver.receipts.find((x) => x.sub === p.account.id);
    await waitFor(
      () => !!got(f.lobby) && !!got(f.studio) && stream.events.some((e) => e.event === 'session.ended'),
      20_000,
    );
    const ended = stream.events.find((e) => e.event === 'session.ended')!;
    await stream.close();
    if (run === 0) continue; // warm-up
    toLogout.push(Math.max(got(f.lobby)!.at, got(f.studio)!.at) - t0);
    toEnded.push(ended.at - t0);
  }
  toLogout.sort((x, y) => x - y);
  toEnded.sort((x, y) => x - y);
  const row = (name: string, xs: number[]) =>
    `${name.padEnd(34)} p50 ${quantile(xs, 0.5).toFixed(1).padStart(7)} ms   p99 ${quantile(xs, 0.99).toFixed(1).padStart(7)} ms   max ${Math.max(
      ...xs,
    )
      .toFixed(1)
      .padStart(7)} ms`;
  console.log(`admin time-out -> endings, ${runs} runs, two instances on one Redis`);
  console.log(row('last RP logout token received', toLogout));
  console.log(row('session.ended on live stream', toEnded));
} finally {
  await f.close();
}
