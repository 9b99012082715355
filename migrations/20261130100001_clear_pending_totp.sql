-- Pending TOTP secrets now live per enrolment flow (Redis or memory, sealed, 10-minute TTL). A per-account
-- pending secret shown to whoever opened enrolment could be enrolled later by the victim: forget them all.
update account_mfa set pending_totp_secret = null where pending_totp_secret is not null;
