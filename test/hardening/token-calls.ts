/** Raw calls to the token, revocation, introspection and userinfo endpoints with client_secret_basic. */
export function tokenCalls(base: string, clientId: string, clientSecret: string) {
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  const form = (path: string, params: Record<string, string>) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(15_000),
    });
  return {
    refresh: (refreshToken: string) =>
      form('/token', { grant_type: 'refresh_token', refresh_token: refreshToken }),
    revoke: (token: string) => form('/token/revocation', { token }),
    introspect: (token: string) => form('/token/introspection', { token }),
    userinfo: (accessToken: string) =>
      fetch(`${base}/me`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(15_000),
      }),
  };
}
