import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

const lists = new WeakMap<readonly string[], BlockList>();

/** The proxies of TRUSTED_PROXIES (addresses and CIDR ranges, validated by config.ts) as one BlockList. */
function trustedList(proxies: readonly string[]): BlockList {
  let list = lists.get(proxies);
  if (list) return list;
  list = new BlockList();
  for (const proxy of proxies) {
    const [address, prefix] = proxy.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  lists.set(proxies, list);
  return list;
}

/** An address as one form: IPv4-mapped IPv6 (`::ffff:10.0.0.1`, dual-stack sockets) as IPv4, no zone. */
function normalized(address: string): string {
  const plain = address
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  return mapped ? mapped[1]! : plain;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: the peer's, unless the peer is a trusted proxy; then the right-most
 * X-Forwarded-For entry that is not a trusted proxy (entries left of it are the client's own say,
 * and anyone can write them). An entry that is not an address ends the walk at the hop that sent it.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly string[],
): string {
  let address = normalized(peer ?? '');
  if (!address) return 'unknown';
  if (trustedProxies.length === 0 || forwardedFor === undefined) return address;
  const list = trustedList(trustedProxies);
  if (!trusted(list, address)) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map(normalized);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return address;
    address = hop;
    if (!trusted(list, hop)) return hop;
  }
  return address;
}

/** The 8 groups of an IPv6 address, expanded. */
function ipv6Groups(address: string): string[] {
  let text = address;
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...middle, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}

/**
 * What per-client caps count by: an IPv4 address as it is, an IPv6 address by its /64, the block
 * one subscriber line is given (a client picks any address within it at will).
 */
export function clientKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The per-client cap key of a request without a token: its client's address (or /64) through trusted proxies. */
export function requestClientKey(request: IncomingMessage | undefined, trustedProxies: readonly string[]): string {
  return clientKey(clientAddress(request?.socket?.remoteAddress, request?.headers['x-forwarded-for'], trustedProxies));
}
