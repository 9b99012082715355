-- Brands (casinos) run on one platform: a client may belong to one (its metadata's brand_id); the brand's
-- name, colour, logo, support link and minimum age appear on that client's pages and mails.
create table brands (
  id text primary key,
  name text not null unique,
  logo_url text,
  primary_color text not null default '#0b6e3a' check (primary_color ~ '^#[0-9a-f]{6}$'),
  support_url text,
  min_age integer check (min_age between 16 and 25),
  default_locale text not null default 'en' check (default_locale in ('en', 'de', 'sv')),
  created_at timestamptz not null default now()
);
