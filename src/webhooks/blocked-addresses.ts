// Outbound address policy for owner-chosen URLs: only global unicast addresses; everything internal or special is blocked.
import ipaddr from 'ipaddr.js';

/** IPv4-compatible IPv6 (deprecated, ::a.b.c.d): judged blocked whatever the embedded address. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * Whether connecting to `address` (an IP literal) is refused: loopback, private, link-local (169.254.169.254),
 * carrier-grade NAT, unique local, unspecified, broadcast, multicast, reserved, 6to4, Teredo, NAT64... anything that
 * ipaddr.js does not call global unicast. An IPv4-mapped IPv6 address is judged by its IPv4 address.
 */
export function isBlockedAddress(address: string): boolean {
  if (address.length > 64 || !ipaddr.isValid(address)) return true;
  let ip = ipaddr.parse(address);
  if (ip instanceof ipaddr.IPv6) {
    if (ip.isIPv4MappedAddress()) ip = ip.toIPv4Address();
    else if (ip.match(IPV4_COMPATIBLE)) return true;
  }
  return ip.range() !== 'unicast';
}
