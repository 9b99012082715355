import { withStores } from './cli-stores.ts';
import { type Command, CommandError, parseFlags, requireFlag } from './run-command.ts';

/** `pitboss client ...`: register, list and delete relying parties. */
export const clientCommands: Record<string, Command> = {
  'client add': {
    usage:
      'pitboss client add --name N --redirect-uri U [--redirect-uri U2] [--post-logout-redirect-uri U] ' +
      '[--backchannel-logout-uri U] [--public] [--grant-types a,b] [--scope "openid offline_access ..."] ' +
      '[--require-mfa] [--session-idle-ttl S] [--session-absolute-ttl S] [--brand ID] [--first-party]',
    summary: 'register a client; prints {"client_id","client_secret"} (the secret is shown only this once)',
    flags: {
      name: 'name',
      redirectUris: 'redirect-uri',
      postLogoutRedirectUris: 'post-logout-redirect-uri',
      backchannelLogoutUri: 'backchannel-logout-uri',
      public: 'public',
      grantTypes: 'grant-types',
      scope: 'scope',
      requireMfa: 'require-mfa',
      sessionIdleTtl: 'session-idle-ttl',
      sessionAbsoluteTtl: 'session-absolute-ttl',
      brandId: 'brand',
      firstParty: 'first-party',
    },
    run: async (args, env) => {
      const flags = parseFlags(args, {
        name: { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        'post-logout-redirect-uri': { type: 'string', multiple: true },
        'backchannel-logout-uri': { type: 'string' },
        public: { type: 'boolean' },
        'grant-types': { type: 'string' },
        scope: { type: 'string' },
        'require-mfa': { type: 'boolean' },
        'session-idle-ttl': { type: 'string' },
        'session-absolute-ttl': { type: 'string' },
        brand: { type: 'string' },
        'first-party': { type: 'boolean' },
      });
      const input = {
        name: requireFlag(flags.name, 'name'),
        redirectUris: flags['redirect-uri'] ?? [],
        postLogoutRedirectUris: flags['post-logout-redirect-uri'] ?? [],
        backchannelLogoutUri: flags['backchannel-logout-uri'],
        public: flags.public ?? false,
        grantTypes: flags['grant-types']?.split(',').map((g) => g.trim()),
        scope: flags.scope,
        requireMfa: flags['require-mfa'] ?? false,
        sessionIdleTtl: flags['session-idle-ttl'] as unknown as number | undefined,
        sessionAbsoluteTtl: flags['session-absolute-ttl'] as unknown as number | undefined,
        brandId: flags.brand,
        firstParty: flags['first-party'] ?? false,
      };
      // With Redis, the store announces the new client to the running instances' caches.
      return withStores(
        env,
        async ({ clients, brands }) => {
          if (input.brandId !== undefined && !(await brands.find(input.brandId))) {
            throw new CommandError('--brand: no such brand (see pitboss brand list)');
          }
          const created = await clients.create(input);
          return created.clientSecret === undefined
            ? { client_id: created.clientId }
            : { client_id: created.clientId, client_secret: created.clientSecret };
        },
        { redis: true },
      );
    },
  },
  'client list': {
    usage: 'pitboss client list',
    summary: 'list registered clients (without secret hashes)',
    run: async (args, env) => {
      parseFlags(args, {});
      return withStores(env, async ({ clients }) =>
        (await clients.list()).map(({ metadata, createdAt }) => {
          const { client_secret: _hash, ...rest } = metadata;
          return { ...rest, created_at: createdAt };
        }),
      );
    },
  },
  'client delete': {
    usage: 'pitboss client delete --client-id X',
    summary: 'delete a client',
    run: async (args, env) => {
      const flags = parseFlags(args, { 'client-id': { type: 'string' } });
      const clientId = requireFlag(flags['client-id'], 'client-id');
      return withStores(
        env,
        async ({ clients }) => {
          if (!(await clients.delete(clientId))) throw new CommandError('--client-id: no such client');
          return { deleted: clientId };
        },
        { redis: true },
      );
    },
  },
};
