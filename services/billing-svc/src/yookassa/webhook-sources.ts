import { BlockList, isIP } from 'node:net';

/**
 * The addresses YooKassa notifications may come from, as a matcher. Entries are single IPs or
 * CIDR ranges, v4 or v6; an IPv4 client seen as an IPv4-mapped IPv6 address (::ffff:a.b.c.d)
 * is matched as IPv4.
 */
export function webhookSourceMatcher(sources: readonly string[]): (ip: string) => boolean {
  const allowed = new BlockList();
  for (const source of sources) {
    const [address = '', prefix] = source.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(address) === 0) throw new Error(`not an IP address or CIDR range: ${source}`);
    if (prefix === undefined) allowed.addAddress(address, family);
    else allowed.addSubnet(address, Number(prefix), family);
  }
  return (ip) => {
    const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
    const family = isIP(plain);
    if (family === 0) return false;
    return allowed.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}
