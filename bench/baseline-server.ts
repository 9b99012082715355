import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import Provider, { type ClientMetadata } from 'oidc-provider';
import { ARGON2_OPTIONS } from './argon2-options.ts';

/**
 * The floor anyone could write in an afternoon: oidc-provider's quick-start with its default in-memory
 * adapter, development interactions and generated keys, opaque tokens, and refresh rotation on every use.
 * Run as its own process by bench/run.ts (PORT and BENCH_CLIENTS in the environment).
 */
const port = Number(process.env.PORT);
const clients = JSON.parse(process.env.BENCH_CLIENTS ?? '[]') as ClientMetadata[];

const provider = new Provider(`http://localhost:${port}`, {
  clients,
  scopes: ['openid', 'email', 'offline_access'],
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
  },
  rotateRefreshToken: true,
  cookies: { keys: ['bench-baseline-cookie-key'] },
});

// The development login form takes any password. One real argon2id verify at its submit, with Pitboss's
// parameters, makes the quick-start's sign-in the floor for a password sign-in on oidc-provider with this
// flow: nothing but the password check added (token requests only pay the method and path test).
const password = randomBytes(16).toString('base64url');
const hash = await argon2.hash(password, ARGON2_OPTIONS);
const INTERACTION_SUBMIT = /^\/interaction\/[^/]+$/;
provider.use(async function verifyPasswordAtLoginSubmit(ctx, next) {
  if (ctx.method === 'POST' && INTERACTION_SUBMIT.test(ctx.path)) {
    const { prompt } = await provider.interactionDetails(ctx.req, ctx.res);
    if (prompt.name === 'login' && !(await argon2.verify(hash, password)))
      ctx.throw(500, 'argon2id verify failed');
  }
  await next();
});

const server = provider.listen(port, () => {
  console.log(`baseline listening on http://localhost:${port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
