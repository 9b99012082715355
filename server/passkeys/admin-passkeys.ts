import type { DeviceRecognition } from '../devices/device-recognition.ts';
import type { PasskeyService } from './passkey-service.ts';

/** A passkey as the admin API and console show it (no key material). */
export interface AdminPasskey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
  deviceType: string;
}

/**
 * The admin side of passkeys, for the admin API and console (GET /admin/api/users/:id lists them;
 * POST /admin/api/users/:id/mfa/reset and `pitboss user mfa-reset` remove them through `reset`).
 */
export function createPasskeyAdmin(deps: { passkeys: PasskeyService; devices: DeviceRecognition }) {
  return {
    async list(accountId: string): Promise<AdminPasskey[]> {
      return (await deps.passkeys.list(accountId)).map((p) => ({
        id: p.id,
        name: p.name,
        createdAt: p.createdAt.toISOString(),
        lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
        backedUp: p.backedUp,
        deviceType: p.deviceType,
      }));
    },

    /**
     * The passkey part of an MFA reset: every passkey removed (audited mfa.passkey.removed with the admin
     * and reason) and every remembered browser forgotten, so the next sign-in anywhere is a new device.
     */
    async reset(
      accountId: string,
      who: { adminId?: string; reason?: string; ip?: string; userAgent?: string },
    ): Promise<{ passkeysRemoved: number; devicesForgotten: number }> {
      const passkeysRemoved = await deps.passkeys.removeAll(accountId, who);
      const devicesForgotten = await deps.devices.forgetAll(accountId);
      return { passkeysRemoved, devicesForgotten };
    },
  };
}

export type PasskeyAdmin = ReturnType<typeof createPasskeyAdmin>;
