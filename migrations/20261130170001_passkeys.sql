-- WebAuthn credentials (passkeys), several per account. The public key is COSE bytes; the sign count only
-- ever moves forward (a response with a stale count is refused as a possible clone).
create table passkeys (
  credential_id text primary key,
  account_id uuid not null references accounts (id) on delete cascade,
  public_key bytea not null,
  sign_count bigint not null default 0,
  transports text[] not null default '{}',
  device_type text not null,
  backed_up boolean not null default false,
  name text not null,
  aaguid text,
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
create index passkeys_account on passkeys (account_id, created_at);
