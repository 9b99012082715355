-- Registered relying parties. metadata is oidc-provider client metadata; a confidential client's
-- client_secret there (and in client_secret_hash) is the SHA-256 of the secret, never the plaintext.
create table clients (
  client_id text primary key,
  client_secret_hash text,
  metadata jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
