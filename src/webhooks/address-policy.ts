import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where webhooks may go. A webhook URL is chosen by whoever holds `manage:webhooks`, and the
 * server then calls it: without this policy it could be pointed at the cloud's metadata service or
 * anything else on the internal network (server-side request forgery). Only public addresses are
 * called unless WEBHOOK_ALLOW_PRIVATE_NETWORKS is set; every address a name resolves to is checked
 * at connection time (a name may resolve to another address than when it was registered), and the
 * connection goes to the address that was checked.
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
// Not ::/96 or ::ffff:0:0/96 here: BlockList checks IPv4 addresses as ::ffff:a.b.c.d, so those
// would block every IPv4 address. isNonPublicAddress refuses them itself.

/** The 16 bytes of an IPv6 address (a dotted IPv4 tail and a zone allowed), or undefined. */
function ipv6Bytes(address: string): number[] | undefined {
  const bare = address.replace(/%.*$/, '');
  if (isIP(bare) !== 6) return undefined;
  let text = bare.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length !== 8) return undefined;
  return groups.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 255];
  });
}

const zeros = (bytes: number[], from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);

/**
 * The IPv4 address an IPv6 address stands for, when it is one of the forms that reach an IPv4
 * host: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d, ::/96), SIIT-translated
 * (::ffff:0:a.b.c.d, ::ffff:0:0/96), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::/48).
 * A URL parser writes them in hex (::ffff:7f00:1), and some stacks connect to the IPv4 host.
 */
function embeddedIPv4(address: string): string | undefined {
  const bytes = ipv6Bytes(address);
  if (!bytes) return undefined;
  const v4 = (at: number) => bytes.slice(at, at + 4).join('.');
  const ffff = bytes[10] === 0xff && bytes[11] === 0xff;
  if (zeros(bytes, 0, 10) && ffff) return v4(12);
  if (zeros(bytes, 0, 12)) return v4(12);
  if (zeros(bytes, 0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(bytes, 10, 12)) return v4(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(bytes, 4, 12))
    return v4(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(2);
  return undefined;
}

/**
 * Whether an IP address is not on the public internet (loopback, private, link-local, reserved…).
 * IPv6 forms that carry an IPv4 address are judged by it, and ::/96, ::ffff:0:0/96, NAT64's
 * 64:ff9b::/96 and 6to4's 2002::/16 are refused whatever they carry: nothing legitimate
 * registers a webhook at them, and the translators behind them may reach the internal network.
 */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return NON_PUBLIC.check(bare, 'ipv4');
  if (isIP(bare.replace(/%.*$/, '')) !== 6) return false;
  const v4 = embeddedIPv4(bare);
  if (v4 !== undefined) {
    const bytes = ipv6Bytes(bare)!;
    const mapped = zeros(bytes, 0, 10) && bytes[10] === 0xff && bytes[11] === 0xff;
    return mapped ? NON_PUBLIC.check(v4, 'ipv4') : true;
  }
  return NON_PUBLIC.check(bare.replace(/%.*$/, ''), 'ipv6');
}

function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  const v4 = isIP(bare) === 6 ? (embeddedIPv4(bare) ?? (bare === '::1' ? '127.0.0.1' : undefined)) : bare;
  return v4 !== undefined && isIP(v4) === 4 && v4.startsWith('127.');
}

export const MAX_WEBHOOK_URL_LENGTH = 2000;

/**
 * Why a URL cannot be a webhook endpoint, or undefined when it can: HTTPS, or plain HTTP to the
 * machine itself (loopback); no credentials in it; not to a non-public address unless allowed.
 */
export function webhookUrlProblem(
  raw: string,
  allowPrivateNetworks: boolean,
): { reason: 'INVALID_FORMAT' | 'NOT_ALLOWED' | 'TOO_LONG'; message: string } | undefined {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH)
    return { reason: 'TOO_LONG', message: `A webhook URL is at most ${MAX_WEBHOOK_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { reason: 'INVALID_FORMAT', message: 'Not an absolute URL, e.g. "https://front.example/hooks/broadsheet"' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { reason: 'INVALID_FORMAT', message: 'A webhook URL is https:// (or http:// to localhost)' };
  if (url.username || url.password)
    return {
      reason: 'NOT_ALLOWED',
      message: 'Credentials do not go in the URL: receivers check the webhook-signature header',
    };
  if (url.hash) return { reason: 'INVALID_FORMAT', message: 'A webhook URL has no #fragment' };
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:' && !loopback)
    return { reason: 'NOT_ALLOWED', message: 'Plain http:// is allowed only to localhost; use https://' };
  if (!allowPrivateNetworks && (loopback || isNonPublicAddress(url.hostname))) {
    return {
      reason: 'NOT_ALLOWED',
      message:
        'The URL names a loopback or private address, which this server does not call (WEBHOOK_ALLOW_PRIVATE_NETWORKS)',
    };
  }
  return undefined;
}

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
}

/**
 * The `lookup` of the webhook's HTTP request: resolves the name, then refuses the non-public
 * addresses among the answers (unless allowed). The socket connects to an address returned here.
 */
export function checkedLookup(allowPrivateNetworks: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = allowPrivateNetworks ? addresses : addresses.filter((a) => !isNonPublicAddress(a.address));
      if (allowed.length === 0) {
        return callback(
          new BlockedAddressError(
            `${hostname} resolves to a non-public address (${addresses.map((a) => a.address).join(', ')}); WEBHOOK_ALLOW_PRIVATE_NETWORKS allows it`,
          ),
          '',
          0,
        );
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
