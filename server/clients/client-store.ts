import type { ClientMetadata } from 'oidc-provider';

/** What an operator supplies to register a relying party (a game studio or casino app). */
export interface NewClient {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string;
  /** Public clients (SPA, mobile) get no secret, token_endpoint_auth_method none, PKCE required. */
  public?: boolean;
  /** Defaults to authorization_code, refresh_token. */
  grantTypes?: string[];
  /** Defaults to "openid profile email offline_access". */
  scope?: string;
  /** Every sign-in for this client needs a second factor (metadata require_mfa; see server/mfa/policy.ts). */
  requireMfa?: boolean;
  /** The casino's own app (metadata first_party; see server/clients/first-party.ts). */
  firstParty?: boolean;
  /** The brand its pages and mails show (metadata brand_id; `pitboss brand add`). */
  brandId?: string;
  /** Shorter session/refresh idle lifetime for this client, seconds (metadata session_idle_ttl). */
  sessionIdleTtl?: number;
  /** Shorter session/refresh absolute lifetime for this client, seconds (metadata session_absolute_ttl). */
  sessionAbsoluteTtl?: number;
}

/** The plaintext secret exists only in this return value; the store keeps its SHA-256. */
export interface CreatedClient {
  clientId: string;
  clientSecret?: string;
}

export interface ClientSummary {
  clientId: string;
  metadata: ClientMetadata;
  createdAt: Date;
}

/** An admin's change to a registered client (null removes the back-channel logout URI). */
export interface ClientPatch {
  name?: string | undefined;
  redirectUris?: string[] | undefined;
  postLogoutRedirectUris?: string[] | undefined;
  backchannelLogoutUri?: string | null | undefined;
  grantTypes?: string[] | undefined;
  scope?: string | undefined;
  /** The brand its pages and mails show; null: none (the platform's look). */
  brandId?: string | null | undefined;
}

/**
 * Storage of registered clients (implemented in adapters/postgres/client-store.ts). The registration rules
 * and the metadata they produce live in client-rules.ts and client-metadata.ts; the store only keeps rows.
 */
export interface ClientStore {
  /** Validates and stores a client; InvalidInputError naming the bad field otherwise. */
  create(input: NewClient): Promise<CreatedClient>;
  /**
   * oidc-provider client metadata for the Client model adapter. For confidential clients `client_secret`
   * holds hashClientSecret(secret), never the plaintext (see server/clients/client-secret.ts).
   */
  findMetadata(clientId: string): Promise<ClientMetadata | undefined>;
  list(): Promise<ClientSummary[]>;
  /** Returns false when no such client. */
  delete(clientId: string): Promise<boolean>;
  /** Applies a patch with the registration rules; undefined when no such client. InvalidInputError on bad input. */
  update(clientId: string, patch: ClientPatch): Promise<ClientMetadata | undefined>;
  /** Creates or replaces a client with a fixed id (Pitboss's own admin UI client). */
  ensure(metadata: ClientMetadata & { client_id: string }): Promise<void>;
}
