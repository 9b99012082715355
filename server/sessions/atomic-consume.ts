import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { PitbossAdapter } from '../provider/token-store.ts';
import { TemporarilyUnavailable } from '../provider/unavailable.ts';

/**
 * Tokens whose consume lost the race to another request. The refresh overlap window uses it to tell an
 * honest concurrent retry from any other invalid_grant.
 */
export const lostConsumeRace = new WeakSet<object>();

interface Consumable {
  jti: string;
  adapter: PitbossAdapter;
  emit(event: string): void;
}

/**
 * oidc-provider's grants check `consumed` and then call `consume()` before issuing anything new. Making
 * `consume()` an atomic compare-and-set that throws invalid_grant for every caller but the first closes
 * the race: the losers throw before a successor is created or saved. Replaces the method on this
 * provider's own model classes (per instance), as create-provider.ts does for client secrets.
 */
export function installAtomicConsume(provider: Provider): void {
  const models: [{ prototype: unknown }, string][] = [
    [provider.RefreshToken, 'refresh token already used'],
    [provider.AuthorizationCode, 'authorization code already consumed'],
  ];
  for (const [Model, message] of models) {
    (Model.prototype as { consume: () => Promise<void> }).consume = async function consume(this: Consumable) {
      let won: boolean;
      try {
        won = await this.adapter.consumeOnce(this.jti);
      } catch (err) {
        throw new TemporarilyUnavailable(err);
      }
      if (!won) {
        lostConsumeRace.add(this);
        throw new errors.InvalidGrant(message);
      }
      this.emit('consumed');
    };
  }
}
