import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Ranges a webhook must not reach unless allowed: private, loopback, link-local, CGNAT, unspecified, multicast. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

export interface AddressPolicy {
  /** Host names or IP addresses (exact, case-insensitive) that may resolve anywhere. */
  allowedHosts: string[];
  /** Outside production: a developer's or a test's receiver on loopback. */
  allowLoopback: boolean;
}

export class RefusedAddressError extends Error {}

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/**
 * Resolves the URL's host and checks every address it resolves to (one bad address refuses the host,
 * since a later connection could pick it). The caller connects to the returned address only, so a DNS
 * answer that changes between the check and the connection (rebinding) cannot redirect the request.
 */
export async function checkedAddress(url: URL, policy: AddressPolicy): Promise<CheckedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new RefusedAddressError(`${host} does not resolve`);
  if (!policy.allowedHosts.includes(host)) {
    for (const { address } of addresses) {
      const type = familyOf(address);
      if (policy.allowLoopback && LOOPBACK.check(address, type)) continue;
      if (PRIVATE.check(address, type) || (type === 'ipv6' && address.toLowerCase().startsWith('::ffff:')))
        throw new RefusedAddressError(
          `${host} resolves to ${address}, a private, loopback or link-local address (allow it with OUTBOUND_WEBHOOKS_ALLOWED_HOSTS)`,
        );
    }
  }
  const [first] = addresses;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
