import type Router from '@koa/router';
import type { Logger } from 'pino';
import type { PageBrand } from '../../views/ui.ts';
import { accountClientMetadata } from '../account/account-client.ts';
import type { AccountTokenStore } from '../accounts/account-tokens.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { BrandStore } from '../brands/brand.ts';
import { type BrandResolver, createBrandResolver } from '../brands/brand-resolver.ts';
import type { Config } from '../config.ts';
import { demoClientMetadata } from '../demo/demo-client.ts';
import { demoRoutes } from '../demo/demo-routes.ts';
import type { InteractionDeps } from '../interactions/context.ts';
import { accountUi } from '../mail/account-ui.ts';
import type { MailOutbox } from '../mail/mail-outbox.ts';
import { createMailTransport } from '../mail/mail-transport.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { sendResetLink } from './password-reset.ts';
import type { ExclusionCheck, PlayerAccount, PlayerAccounts, Throttle } from './ports.ts';
import { playerRoutes } from './routes.ts';

export interface PlayerSideDeps {
  config: Config;
  log: Logger;
  /** A client's registered metadata (brand_id), read when a page is rendered. */
  clientMetadata: (clientId: string) => Promise<Record<string, unknown> | undefined>;
  /** The provider, for the interaction-scoped pages. */
  provider: InteractionDeps['provider'];
  audit: AuditLog;
  csrfSecret: string;
  accounts: PlayerAccounts;
  tokens: AccountTokenStore;
  brands: BrandStore;
  mailOutbox: MailOutbox;
  throttle: { email: Throttle; ip: Throttle };
  /** Registers (or refreshes) a built-in client from its metadata. */
  ensureClient: (metadata: Record<string, unknown>) => Promise<void>;
  /** The national exclusion register at registration (issue 15's client); absent: no register configured. */
  exclusionCheck?: ExclusionCheck | undefined;
}

/** The player's side: mail, brands, registration/verification/reset pages, the account and demo clients. */
export interface PlayerSide {
  mailer: Mailer;
  brands: BrandResolver;
  /** The brand of a client's pages, for the interaction, account and provider pages. */
  brandOf: (clientId: string) => Promise<PageBrand>;
  routers: Router[];
  /**
   * Mails an operator-requested reset link (the account's language, the platform's brand: an account belongs
   * to no brand);
   * resolves with when the link expires. The caller checks the account and audits.
   */
  sendPasswordReset(account: Pick<PlayerAccount, 'id' | 'email' | 'locale'>): Promise<Date>;
  /** Whether the demo lobby is served (development by default; DEMO_LOBBY). */
  demo: boolean;
  start(): void;
  stop(): Promise<void>;
}

/** Wires the player's side from its stores; `start()` begins delivering mail. */
export async function createPlayerSide(deps: PlayerSideDeps): Promise<PlayerSide> {
  const { config } = deps;
  const mailer = createMailer({
    outbox: deps.mailOutbox,
    transport: createMailTransport(config, deps.log),
    log: deps.log,
  });
  const brands = createBrandResolver({
    brands: deps.brands,
    minAge: config.MIN_AGE,
    brandIdOf: async (clientId) => {
      const brandId = (await deps.clientMetadata(clientId))?.brand_id;
      return typeof brandId === 'string' ? brandId : undefined;
    },
  });
  const brandFor = (clientId: string | undefined) => brands.forClient(clientId);
  await deps.ensureClient(accountClientMetadata(config.ISSUER));
  const demo = config.DEMO_LOBBY ?? config.NODE_ENV === 'development';
  if (demo) await deps.ensureClient(demoClientMetadata(config.ISSUER));
  const routers = [
    playerRoutes({
      issuer: config.ISSUER,
      accounts: deps.accounts,
      tokens: deps.tokens,
      mailer,
      audit: deps.audit,
      verifyTokenTtl: config.VERIFY_TOKEN_TTL,
      resetTokenTtl: config.RESET_TOKEN_TTL,
      exclusionCheck: deps.exclusionCheck,
      throttle: deps.throttle,
      provider: deps.provider,
      csrfSecret: deps.csrfSecret,
      brandOf: brandFor,
      selfService: true,
      brandFor,
    }),
    ...(demo ? [demoRoutes({ issuer: config.ISSUER, csrfSecret: deps.csrfSecret })] : []),
  ];
  return {
    mailer,
    brands,
    brandOf: brandFor,
    routers,
    sendPasswordReset: (account) =>
      sendResetLink(
        { issuer: config.ISSUER, tokens: deps.tokens, mailer, resetTokenTtl: config.RESET_TOKEN_TTL },
        account,
        accountUi(account),
      ),
    demo,
    start: () => mailer.start(),
    stop: () => mailer.stop(),
  };
}
