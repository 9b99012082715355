import Provider, { type ClientMetadata } from 'oidc-provider';

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

const server = provider.listen(port, () => {
  console.log(`baseline listening on http://localhost:${port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
