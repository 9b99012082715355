-- Registration data and the single-use links of the player lifecycle. Accounts made by operators (CLI, admin)
-- count as verified; self-registered ones start unverified. Only a SHA-256 hash of each link's token is kept.
alter table accounts add column email_verified boolean not null default true;
alter table accounts add column date_of_birth date;

create table account_tokens (
  token_hash text primary key,
  account_id uuid not null references accounts (id) on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'password_reset')),
  expires_at timestamptz not null,
  used_at timestamptz,
  -- Where the player goes after verifying: the authorization request the registration began in.
  continue_url text,
  created_at timestamptz not null default now()
);

create index account_tokens_account on account_tokens (account_id, purpose);
