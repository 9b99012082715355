/** Security event types written to the audit trail (extend, never rename: operators query by them). */
export type AuditType =
  | 'login'
  | 'login.lockout'
  | 'mfa'
  | 'mfa.lockout'
  | 'mfa.enrol'
  | 'mfa.recovery_code'
  | 'session.created'
  | 'session.ended'
  | 'token.issued'
  | 'token.refreshed'
  | 'token.revoked'
  | 'token.reuse_detected'
  | 'grant.revoked'
  | 'account.disabled'
  | 'account.password_changed'
  | 'account.self_excluded'
  | 'admin.action'
  | 'backchannel.delivery'
  | 'keys.rotated'
  | (string & {});

export interface AuditEvent {
  type: AuditType;
  outcome: 'success' | 'failure' | (string & {});
  accountId?: string | undefined;
  clientId?: string | undefined;
  sessionId?: string | undefined;
  grantId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
  /** Small JSON detail: never a password, code, secret or raw token. */
  detail?: Record<string, unknown>;
}

/** Where security events go. Recording must not fail the caller's request when the store is down. */
export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
}
