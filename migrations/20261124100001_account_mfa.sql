-- Second-factor state per account. Secrets are AES-256-GCM ciphertext (see server/mfa/secret-box.ts), never
-- plaintext; a pending secret exists between "show the QR code" and "the player typed a valid code".
create table account_mfa (
  account_id uuid primary key references accounts (id) on delete cascade,
  totp_secret text,
  totp_enrolled_at timestamptz,
  pending_totp_secret text,
  mfa_required boolean not null default false,
  updated_at timestamptz not null default now()
);
