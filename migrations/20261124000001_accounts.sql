-- Player and admin accounts. Emails are stored lowercased so the unique index is case-insensitive.
create table accounts (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email)),
  password_hash text not null,
  roles text[] not null default '{}',
  status text not null default 'active' check (status in ('active', 'disabled', 'self_excluded')),
  session_version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index accounts_email_key on accounts (lower(email));
