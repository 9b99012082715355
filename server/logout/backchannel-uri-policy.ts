import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Where back-channel logout URIs may point (SSRF guard for the logout dispatcher). */
export interface BackchannelUriPolicy {
  /** Refuse plain http (production). */
  readonly requireHttps: boolean;
  /** Allow loopback, private, link-local and unspecified addresses (local development, private networks). */
  readonly allowPrivate: boolean;
}

/** Production-safe default for callers that were given no policy: private addresses refused. */
export const STRICT_BACKCHANNEL_POLICY: BackchannelUriPolicy = { requireHttps: false, allowPrivate: false };

const ALLOW_HINT = 'set BACKCHANNEL_ALLOW_PRIVATE=true to allow';

// Addresses an RP on the public internet never has; reaching them from the server is the SSRF risk.
const FORBIDDEN = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", incl. the unspecified 0.0.0.0
  ['10.0.0.0', 8],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. cloud metadata 169.254.169.254
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  FORBIDDEN.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
] as const)
  FORBIDDEN.addSubnet(net, bits, 'ipv6');

/** The policy the configuration asks for; BACKCHANNEL_ALLOW_PRIVATE unset means "only when the issuer is local". */
export function backchannelUriPolicy(config: {
  NODE_ENV: string;
  ISSUER: string;
  BACKCHANNEL_ALLOW_PRIVATE?: boolean | undefined;
}): BackchannelUriPolicy {
  const issuerHost = new URL(config.ISSUER).hostname;
  const localIssuer = issuerHost === 'localhost' || issuerHost === '127.0.0.1' || issuerHost === '[::1]';
  return {
    // Same rule as the issuer itself: http only where the issuer is a local one.
    requireHttps: config.NODE_ENV === 'production' && !localIssuer,
    allowPrivate: config.BACKCHANNEL_ALLOW_PRIVATE ?? localIssuer,
  };
}

/** Whether an IP address literal is loopback, private, link-local or unspecified. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Registration-time check (no DNS): scheme, and IP literals / localhost names against the policy. */
export function backchannelUriProblem(uri: string, policy: BackchannelUriPolicy): string | undefined {
  if (!URL.canParse(uri)) return 'must be an absolute http(s) URL';
  const url = new URL(uri);
  if (!/^https?:$/.test(url.protocol) || !url.hostname) return 'must be an absolute http(s) URL';
  if (uri.includes('#')) return 'must not contain a fragment';
  if (policy.requireHttps && url.protocol !== 'https:') return 'must be an https URL in production';
  if (!policy.allowPrivate && isLocalHostname(url.hostname)) {
    return `must not point to a loopback, private or link-local address (got ${url.hostname}; ${ALLOW_HINT})`;
  }
  return undefined;
}

/**
 * Send-time check after DNS resolution, so a public-looking name that resolves to a private address is
 * refused too. Returns why the URI is refused, or undefined. DNS failures throw (a retryable error).
 */
export async function backchannelTargetProblem(
  uri: string,
  policy: BackchannelUriPolicy,
  lookup: (host: string) => Promise<string[]> = resolveAll,
): Promise<string | undefined> {
  // Scheme rules only here: names, localhost included, are judged by what they resolve to now.
  const problem = backchannelUriProblem(uri, { ...policy, allowPrivate: true });
  if (problem) return `backchannel_logout_uri ${problem}`;
  if (policy.allowPrivate) return undefined;
  const host = bare(new URL(uri).hostname);
  const addresses = isIP(host) ? [host] : await lookup(host);
  const bad = addresses.find(isPrivateAddress);
  return bad === undefined
    ? undefined
    : `backchannel_logout_uri host ${host} resolves to a private address (${bad}); ${ALLOW_HINT}`;
}

function isLocalHostname(hostname: string): boolean {
  const host = bare(hostname).toLowerCase();
  // RFC 6761: localhost and *.localhost always mean loopback, whatever DNS says.
  return host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host);
}

// URL keeps IPv6 literals in brackets; net and dns want them bare.
const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

async function resolveAll(host: string): Promise<string[]> {
  return (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);
}
