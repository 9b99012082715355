-- Browsers an account has signed in from, by the SHA-256 of the random id in their signed device cookie.
-- A sign-in from a browser not listed here is a new device (step-up, audit, mail).
create table known_devices (
  account_id uuid not null references accounts (id) on delete cascade,
  device_hash text not null,
  user_agent text,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  primary key (account_id, device_hash)
);
