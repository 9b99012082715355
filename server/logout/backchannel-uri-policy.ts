import { BlockList, isIP } from 'node:net';

/** Where back-channel logout URIs may point (SSRF guard for the logout dispatcher). */
export interface BackchannelUriPolicy {
  /** Refuse plain http (production). */
  readonly requireHttps: boolean;
  /** Allow every address, not only global unicast (local development, private networks). */
  readonly allowPrivate: boolean;
}

/** Production-safe default for callers that were given no policy: only global unicast addresses. */
export const STRICT_BACKCHANNEL_POLICY: BackchannelUriPolicy = { requireHttps: false, allowPrivate: false };

export const ALLOW_HINT = 'set BACKCHANNEL_ALLOW_PRIVATE=true to allow';

// IANA special-purpose registries (RFC 6890 and successors): nothing an RP on the internet is reached at.
const NOT_GLOBAL = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", incl. the unspecified 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT, incl. 100.100.100.200 (a cloud metadata service)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. cloud metadata 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast 255.255.255.255
] as const)
  NOT_GLOBAL.addSubnet(net, bits, 'ipv4');
// IPv6 global unicast is 2000::/3 (everything else, from ::1 and ::ffff:0:0/96 to fc00::/7, fe80::/10, fec0::/10,
// ff00::/8 and 64:ff9b::/96, is outside it); within it, these special ranges are not globally reachable RPs.
const GLOBAL_V6 = new BlockList();
GLOBAL_V6.addSubnet('2000::', 3, 'ipv6');
for (const [net, bits] of [
  ['2001::', 23], // IETF protocol assignments, incl. Teredo 2001::/32
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: wraps an IPv4 address, private ones too
  ['3fff::', 20], // documentation
] as const)
  NOT_GLOBAL.addSubnet(net, bits, 'ipv6');

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

/** Whether an IP address literal is global unicast: the only kind an RP's back-channel endpoint may have. */
export function isGlobalUnicast(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_GLOBAL.check(address, 'ipv4');
  if (family === 6) return GLOBAL_V6.check(address, 'ipv6') && !NOT_GLOBAL.check(address, 'ipv6');
  return false;
}

/** Whether an IP address literal is anything but global unicast (loopback, private, link-local, multicast...). */
export function isPrivateAddress(address: string): boolean {
  return isIP(address) !== 0 && !isGlobalUnicast(address);
}

/**
 * Registration- and send-time check without DNS: scheme, and IP literals / localhost names against the
 * policy. Names are judged at connect time by what they resolve to (server/logout/guarded-fetch.ts).
 */
export function backchannelUriProblem(uri: string, policy: BackchannelUriPolicy): string | undefined {
  if (!URL.canParse(uri)) return 'must be an absolute http(s) URL';
  const url = new URL(uri);
  if (!/^https?:$/.test(url.protocol) || !url.hostname) return 'must be an absolute http(s) URL';
  if (uri.includes('#')) return 'must not contain a fragment';
  if (policy.requireHttps && url.protocol !== 'https:') return 'must be an https URL in production';
  if (!policy.allowPrivate && isLocalHostname(url.hostname)) {
    return `must not point to a loopback, private, link-local, multicast or other non-global address (got ${url.hostname}; ${ALLOW_HINT})`;
  }
  return undefined;
}

function isLocalHostname(hostname: string): boolean {
  const host = bare(hostname).toLowerCase();
  // RFC 6761: localhost and *.localhost always mean loopback, whatever DNS says.
  return host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host);
}

/** URL keeps IPv6 literals in brackets; net and dns want them bare. */
export const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');
