import type pg from 'pg';
import type { Passkey, PasskeyStore } from '../../server/passkeys/passkey-store.ts';

interface PasskeyRow {
  credential_id: string;
  account_id: string;
  public_key: Buffer;
  sign_count: string;
  transports: string[];
  device_type: string;
  backed_up: boolean;
  name: string;
  aaguid: string | null;
  created_at: Date;
  last_used_at: Date | null;
}

const COLUMNS = `credential_id, account_id, public_key, sign_count, transports, device_type, backed_up, name,
  aaguid, created_at, last_used_at`;

const toPasskey = (r: PasskeyRow): Passkey => ({
  id: r.credential_id,
  accountId: r.account_id,
  publicKey: new Uint8Array(r.public_key),
  signCount: Number(r.sign_count),
  transports: r.transports,
  deviceType: r.device_type,
  backedUp: r.backed_up,
  name: r.name,
  aaguid: r.aaguid ?? undefined,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at ?? undefined,
});

/** PasskeyStore on Postgres: one row per credential in `passkeys`. */
export function createPasskeyStore(pool: pg.Pool): PasskeyStore {
  return {
    async list(accountId) {
      const { rows } = await pool.query<PasskeyRow>(
        `select ${COLUMNS} from passkeys where account_id = $1 order by created_at, credential_id`,
        [accountId],
      );
      return rows.map(toPasskey);
    },
    async count(accountId) {
      const { rows } = await pool.query<{ n: string }>(
        'select count(*) as n from passkeys where account_id = $1',
        [accountId],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async find(credentialId) {
      const { rows } = await pool.query<PasskeyRow>(
        `select ${COLUMNS} from passkeys where credential_id = $1`,
        [credentialId],
      );
      return rows[0] && toPasskey(rows[0]);
    },
    async add(p) {
      const { rowCount } = await pool.query(
        `insert into passkeys (credential_id, account_id, public_key, sign_count, transports, device_type,
           backed_up, name, aaguid)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (credential_id) do nothing`,
        [
          p.id,
          p.accountId,
          Buffer.from(p.publicKey),
          p.signCount,
          [...p.transports],
          p.deviceType,
          p.backedUp,
          p.name,
          p.aaguid ?? null,
        ],
      );
      return (rowCount ?? 0) > 0;
    },
    async recordUse(credentialId, newCount, backedUp) {
      // Authenticators that never count report 0 every time; any that count must move strictly forward.
      const { rowCount } = await pool.query(
        `update passkeys set sign_count = $2, backed_up = $3, last_used_at = now()
         where credential_id = $1 and (sign_count < $2 or (sign_count = 0 and $2 = 0))`,
        [credentialId, newCount, backedUp],
      );
      return (rowCount ?? 0) > 0;
    },
    async remove(accountId, credentialId) {
      const { rows } = await pool.query<PasskeyRow>(
        `delete from passkeys where account_id = $1 and credential_id = $2 returning ${COLUMNS}`,
        [accountId, credentialId],
      );
      return rows[0] && toPasskey(rows[0]);
    },
    async removeAll(accountId) {
      const { rowCount } = await pool.query('delete from passkeys where account_id = $1', [accountId]);
      return rowCount ?? 0;
    },
  };
}
