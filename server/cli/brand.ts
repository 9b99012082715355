import { withStores } from './cli-stores.ts';
import { type Command, parseFlags, requireFlag } from './run-command.ts';

const asJson = (b: {
  id: string;
  name: string;
  logoUrl: string | null;
  primaryColor: string;
  supportUrl: string | null;
  minAge: number | null;
  defaultLocale: string;
  createdAt: Date;
}) => ({
  brand_id: b.id,
  name: b.name,
  logo_url: b.logoUrl,
  primary_color: b.primaryColor,
  support_url: b.supportUrl,
  min_age: b.minAge,
  default_locale: b.defaultLocale,
  created_at: b.createdAt,
});

/** `pitboss brand ...`: the casino brands run on this platform (their clients' pages and mails show them). */
export const brandCommands: Record<string, Command> = {
  'brand add': {
    usage:
      'pitboss brand add --name N [--logo-url U] [--primary-color #RRGGBB] [--support-url U] [--min-age N] ' +
      '[--default-locale en|de|sv]',
    summary: 'add a brand; prints {"brand_id"} (use it with client add --brand)',
    flags: {
      name: 'name',
      logoUrl: 'logo-url',
      primaryColor: 'primary-color',
      supportUrl: 'support-url',
      minAge: 'min-age',
      defaultLocale: 'default-locale',
    },
    run: async (args, env) => {
      const flags = parseFlags(args, {
        name: { type: 'string' },
        'logo-url': { type: 'string' },
        'primary-color': { type: 'string' },
        'support-url': { type: 'string' },
        'min-age': { type: 'string' },
        'default-locale': { type: 'string' },
      });
      const input = {
        name: requireFlag(flags.name, 'name'),
        logoUrl: flags['logo-url'],
        primaryColor: flags['primary-color'],
        supportUrl: flags['support-url'],
        minAge: flags['min-age'] as unknown as number | undefined,
        defaultLocale: flags['default-locale'] as 'en' | undefined,
      };
      return withStores(env, async ({ brands }) => ({ brand_id: (await brands.create(input)).id }));
    },
  },
  'brand list': {
    usage: 'pitboss brand list',
    summary: 'list brands',
    run: async (args, env) => {
      parseFlags(args, {});
      return withStores(env, async ({ brands }) => (await brands.list()).map(asJson));
    },
  },
};
