import { Counter, type Registry } from 'prom-client';

/** Passkey counters on the instance's registry (served at /metrics). */
export function createPasskeyMetrics(registry: Registry) {
  const registers = [registry];
  return {
    signIns: new Counter({
      name: 'pitboss_passkey_signins_total',
      help: 'Successful passkey sign-ins, by mode (second_factor after a password, passwordless)',
      labelNames: ['mode'],
      registers,
    }),
    failures: new Counter({
      name: 'pitboss_passkey_failures_total',
      help: 'Refused passkey attempts, by reason (stale_counter, origin, rp_id, unknown_credential, ...)',
      labelNames: ['reason'],
      registers,
    }),
    registrations: new Counter({
      name: 'pitboss_passkey_registrations_total',
      help: 'Passkeys added by players',
      registers,
    }),
  };
}

export type PasskeyMetrics = ReturnType<typeof createPasskeyMetrics>;
