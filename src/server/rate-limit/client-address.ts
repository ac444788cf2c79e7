import type { IncomingMessage } from 'node:http';

/**
 * The address a per-IP budget is keyed by. The server sets no `trust proxy` and has no TRUST_PROXY
 * setting, so this is the socket's peer (Express's `req.ip` when a proxy setting is added later): behind
 * a load balancer, every caller would share the balancer's address, so configure the balancer's own
 * limits or add a trusted-proxy setting before relying on the anonymous budget there.
 *
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is the IPv4 address; other IPv6 addresses count by their /64,
 * the block one subscriber gets, so rotating through it does not multiply the budget.
 */
export function clientAddress(request: IncomingMessage & { ip?: string }): string {
  const raw = request.ip ?? request.socket.remoteAddress ?? 'unknown';
  return budgetAddress(raw);
}

export function budgetAddress(raw: string): string {
  const address = raw.startsWith('::ffff:') && raw.includes('.') ? raw.slice(7) : raw;
  if (!address.includes(':')) return address;
  return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address (`::` expanded, zone id dropped). */
function expandIpv6(address: string): string[] {
  const [head, tail = ''] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const missing = Math.max(0, 8 - left.length - right.length);
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) =>
    (group || '0').toLowerCase(),
  );
}
