import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type pg from 'pg';
import type { KeyStore, SigningKey } from '../../server/keys/key-store.ts';
import { withTransaction } from './transaction.ts';

// Serialises rotations (per schema, like migrations) so two concurrent rotations cannot both retire one key.
const LOCK_CLASS = 0x50b056;

interface KeyRow {
  kid: string;
  private_jwk: JWK;
  created_at: Date;
  retired_at: Date | null;
}

const toKey = (row: KeyRow): SigningKey => ({
  kid: row.kid,
  alg: 'RS256',
  privateJwk: row.private_jwk,
  createdAt: row.created_at,
  retiredAt: row.retired_at,
});

/** A new RS256 2048-bit private JWK whose kid is its RFC 7638 thumbprint. */
async function newKey(): Promise<{ kid: string; jwk: JWK }> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

const INSERT = `insert into signing_keys (kid, alg, private_jwk) values ($1, 'RS256', $2)`;

/** KeyStore on Postgres; the partial unique index signing_keys_one_current allows one current key. */
export function createKeyStore(pool: pg.Pool): KeyStore {
  return {
    async ensure() {
      const current = await pool.query('select 1 from signing_keys where retired_at is null');
      if (current.rowCount) return;
      const { kid, jwk } = await newKey();
      // Instances starting together may all get here; the index lets exactly one insert win.
      await pool.query(`${INSERT} on conflict do nothing`, [kid, jwk]);
    },

    async published(maxTokenAgeSeconds) {
      const { rows } = await pool.query<KeyRow>(
        `select kid, private_jwk, created_at, retired_at from signing_keys
         where retired_at is null or retired_at > now() - make_interval(secs => $1)
         order by retired_at is null desc, created_at desc, retired_at desc`,
        [maxTokenAgeSeconds],
      );
      return rows.map(toKey);
    },

    async rotate() {
      const { kid, jwk } = await newKey();
      return withTransaction(pool, async (client) => {
        await client.query('select pg_advisory_xact_lock($1, hashtext(current_schema()))', [LOCK_CLASS]);
        await client.query('update signing_keys set retired_at = now() where retired_at is null');
        const { rows } = await client.query<KeyRow>(
          `${INSERT} returning kid, private_jwk, created_at, retired_at`,
          [kid, jwk],
        );
        return toKey(rows[0]!);
      });
    },

    async version() {
      const { rows } = await pool.query<{ version: string }>(
        `select count(*) || ':' || coalesce(extract(epoch from max(created_at))::text, '0')
           || ':' || coalesce(extract(epoch from max(retired_at))::text, '0') as version
         from signing_keys`,
      );
      return rows[0]!.version;
    },
  };
}
