import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AdapterFactory } from './token-store.ts';

/**
 * A bearer token's kind told by its length. oidc-provider looks an opaque token up as every kind it could
 * be (introspection, revocation: access token, client credentials and refresh token, in parallel), one
 * store read each; giving each kind its own id length lets all but one of those reads answer "absent"
 * without the store. Each kind keeps at least 256 bits of randomness (nanoid: 6 bits per character).
 */
export const TOKEN_ID_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  AccessToken: 44,
  ClientCredentials: 45,
  RefreshToken: 46,
});

/** The length of every id issued before the kinds had their own (256 bits), and of every other model's id. */
export const LEGACY_ID_LENGTH = 43;

const BITS_PER_CHARACTER = 6;

/** oidc-provider's `formats.bitsOfOpaqueRandomness`: the kind's own length, 256 bits for everything else. */
export function bitsOfOpaqueRandomness(_ctx: KoaContextWithOIDC, model: { kind: string }): number {
  const length = TOKEN_ID_LENGTHS[model.kind];
  return length === undefined ? 256 : length * BITS_PER_CHARACTER;
}

/** The kind whose own length an id has (legacy-length and other ids: none). Built once: `find` is hot. */
const KIND_BY_LENGTH: ReadonlyMap<number, string> = new Map(
  Object.entries(TOKEN_ID_LENGTHS).map(([kind, length]) => [length, kind]),
);

/**
 * Store layer: `find` on a token model answers absent without a store read when the id has another
 * kind's length. Ids of any other length (the legacy 43 characters included) are looked up as before.
 */
export function skipOtherKinds(factory: AdapterFactory): AdapterFactory {
  return (name) => {
    const adapter = factory(name);
    if (TOKEN_ID_LENGTHS[name] === undefined) return adapter;
    const find = adapter.find.bind(adapter);
    return Object.assign(Object.create(adapter), {
      async find(id: string) {
        const kind = KIND_BY_LENGTH.get(id.length);
        return kind !== undefined && kind !== name ? undefined : find(id);
      },
    });
  };
}
