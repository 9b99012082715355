import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientStore } from '../../adapters/postgres/client-store.ts';
import { clientSecretMatches } from '../../server/clients/client-secret.ts';
import type { ClientStore, NewClient } from '../../server/clients/client-store.ts';
import { InvalidInputError } from '../../server/errors.ts';
import { testDatabase } from '../helpers/database.ts';

const studio: NewClient = {
  name: 'Studio One',
  redirectUris: ['https://studio.example/cb'],
  postLogoutRedirectUris: ['https://studio.example/bye'],
  backchannelLogoutUri: 'https://studio.example/backchannel',
};

describe('postgres client store', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let clients: ClientStore;
  const count = async () => Number((await db.pool.query('select count(*) from clients')).rows[0].count);

  beforeAll(async () => {
    db = await testDatabase();
    clients = createClientStore(db.pool);
  });
  afterAll(() => db?.close());

  /** Loads the metadata through oidc-provider's own Client schema, which throws on invalid metadata. */
  const loadInProvider = async (clientId: string) => {
    const metadata = await clients.findMetadata(clientId);
    const provider = new Provider('http://localhost:3000', {
      clients: [metadata!],
      scopes: ['openid', 'offline_access', 'admin'],
      claims: { profile: ['name'], email: ['email', 'email_verified'] },
      features: { backchannelLogout: { enabled: true }, clientCredentials: { enabled: true } },
    });
    return provider.Client.find(clientId).catch((error: { error_description?: string }) => {
      throw new Error(`oidc-provider rejects the metadata: ${error.error_description}`);
    });
  };

  it('registers a confidential client with only a hash of its secret at rest', async () => {
    const { clientId, clientSecret } = await clients.create(studio);
    expect(clientId).toMatch(/^pb_[A-Za-z0-9_-]{22}$/);
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const metadata = (await clients.findMetadata(clientId))!;
    expect(metadata).toMatchObject({
      client_id: clientId,
      client_name: 'Studio One',
      application_type: 'web',
      redirect_uris: ['https://studio.example/cb'],
      post_logout_redirect_uris: ['https://studio.example/bye'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid profile email offline_access',
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
      backchannel_logout_uri: 'https://studio.example/backchannel',
      backchannel_logout_session_required: true,
    });
    expect(metadata.client_secret).not.toBe(clientSecret);
    expect(clientSecretMatches(String(metadata.client_secret), clientSecret!)).toBe(true);
    expect(clientSecretMatches(String(metadata.client_secret), `${clientSecret}x`)).toBe(false);
    const { rows } = await db.pool.query(
      'select client_secret_hash, metadata::text from clients where client_id = $1',
      [clientId],
    );
    expect(rows[0].client_secret_hash).toBe(metadata.client_secret);
    expect(rows[0].metadata).not.toContain(clientSecret);
    expect(await loadInProvider(clientId)).toBeTruthy();
  });

  it('registers a public native client without a secret', async () => {
    const created = await clients.create({
      name: 'Casino App',
      public: true,
      redirectUris: ['com.example.casino:/oauth/cb', 'http://127.0.0.1:7777/cb'],
      scope: 'openid offline_access',
    });
    expect(created).toEqual({ clientId: created.clientId });
    const metadata = (await clients.findMetadata(created.clientId))!;
    expect(metadata).toMatchObject({ application_type: 'native', token_endpoint_auth_method: 'none' });
    expect(metadata).not.toHaveProperty('client_secret');
    expect(metadata).not.toHaveProperty('backchannel_logout_uri');
    expect(await loadInProvider(created.clientId)).toBeTruthy();
  });

  it('registers a service client for client_credentials without redirect URIs', async () => {
    const { clientId } = await clients.create({
      name: 'Back office',
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scope: 'admin',
    });
    expect(await clients.findMetadata(clientId)).toMatchObject({
      grant_types: ['client_credentials'],
      response_types: [],
    });
    expect(await loadInProvider(clientId)).toBeTruthy();
  });

  it.each<[string, NewClient]>([
    ['name', { ...studio, name: '  ' }],
    ['redirectUris', { ...studio, redirectUris: ['http://studio.example/cb'] }],
    ['redirectUris', { ...studio, redirectUris: ['/relative'] }],
    ['redirectUris', { ...studio, redirectUris: ['https://studio.example/cb#frag'] }],
    ['redirectUris', { ...studio, redirectUris: ['com.example.app:/cb'] }],
    ['redirectUris', { ...studio, public: true, redirectUris: ['myapp:/cb'] }],
    ['redirectUris', { ...studio, redirectUris: [] }],
    ['postLogoutRedirectUris', { ...studio, postLogoutRedirectUris: ['javascript:alert(1)'] }],
    ['backchannelLogoutUri', { ...studio, backchannelLogoutUri: 'ftp://studio.example/bc' }],
    ['grantTypes', { ...studio, grantTypes: ['password'] }],
    ['grantTypes', { ...studio, grantTypes: [] }],
    ['grantTypes', { ...studio, public: true, grantTypes: ['authorization_code', 'client_credentials'] }],
    ['scope', { ...studio, scope: 'profile email' }],
  ])('rejects a bad %s and stores nothing', async (field, input) => {
    const before = await count();
    const error = await clients.create(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect(await count()).toBe(before);
  });

  it('accepts http only on loopback for confidential clients', async () => {
    for (const uri of ['http://localhost:3001/cb', 'http://127.0.0.1/cb', 'http://[::1]:8080/cb']) {
      const { clientId } = await clients.create({ ...studio, redirectUris: [uri] });
      expect((await clients.findMetadata(clientId))?.application_type).toBe('web');
    }
  });

  it('lists and deletes clients', async () => {
    const { clientId } = await clients.create({ ...studio, name: 'Doomed' });
    expect((await clients.list()).some((c) => c.clientId === clientId && c.createdAt instanceof Date)).toBe(
      true,
    );
    expect(await clients.delete(clientId)).toBe(true);
    expect(await clients.delete(clientId)).toBe(false);
    expect(await clients.findMetadata(clientId)).toBeUndefined();
  });
});
