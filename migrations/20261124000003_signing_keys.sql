-- ID token / JWT signing keys. Exactly one key is current (retired_at null); retired keys stay published
-- while tokens they signed may still be presented.
create table signing_keys (
  kid text primary key,
  alg text not null,
  private_jwk jsonb not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz
);

create unique index signing_keys_one_current on signing_keys ((true)) where retired_at is null;
