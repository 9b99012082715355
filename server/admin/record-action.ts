import type { AuditLog } from '../audit/audit-log.ts';
import type { AdminActor } from './ports.ts';

/**
 * Every operator action is one `admin.action` row: who (id, kind, role), from which surface, why, on what.
 * `extra` adds what the action needs to say (what ended, the fields changed, the previous state).
 */
export function recordAdminAction(
  auditLog: AuditLog,
  actor: AdminActor,
  action: string,
  target: string,
  about: { accountId?: string | undefined; clientId?: string | undefined } = {},
  extra: Record<string, unknown> = {},
): Promise<void> {
  return auditLog.record({
    type: 'admin.action',
    outcome: 'success',
    ...about,
    ip: actor.ip,
    userAgent: actor.userAgent,
    detail: {
      admin: actor.id,
      adminKind: actor.kind,
      role: actor.role,
      surface: actor.surface,
      action,
      target,
      ...(actor.reason ? { reason: actor.reason } : {}),
      ...extra,
    },
  });
}
