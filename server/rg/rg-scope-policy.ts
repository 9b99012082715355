/** Client metadata as the scope policy reads it. */
interface ClientLike {
  scope?: string | undefined;
  first_party?: unknown;
}

/**
 * Only first-party clients (the operator's own casino apps) may hold scope `rg`, which lets a token change the
 * player's limits and restrictions. Until the `--first-party` client flag exists, a client counts as first party
 * for `rg` when the operator registered it with `rg` in its allowed scopes (`pitboss client add --scope "... rg"`).
 */
export function mayRequestRgScope(client: ClientLike | undefined): boolean {
  if (!client) return false;
  if (client.first_party === true) return true;
  return String(client.scope ?? '')
    .split(' ')
    .includes('rg');
}
