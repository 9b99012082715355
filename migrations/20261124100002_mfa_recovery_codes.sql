-- Single-use recovery codes, stored as SHA-256 of high-entropy random codes (deleting a row uses it up).
create table mfa_recovery_codes (
  account_id uuid not null references accounts (id) on delete cascade,
  code_hash text not null,
  created_at timestamptz not null default now(),
  primary key (account_id, code_hash)
);
