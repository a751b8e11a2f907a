import { BlockList, isIP } from "node:net";

/**
 * Addresses a server-side fetch may never reach: everything that is not the public internet.
 * IPv4: "this network" (0/8, so 0.0.0.0), private (10/8, 172.16/12, 192.168/16), CGNAT
 * (100.64/10), loopback (127/8), link-local (169.254/16, holding the cloud metadata service at
 * 169.254.169.254), IETF protocol assignments (192.0.0/24), documentation and benchmarking ranges,
 * 6to4 relay anycast, multicast and reserved (224/3). IPv6: unspecified, loopback, ULA (fc00::/7),
 * link-local (fe80::/10), site-local, multicast, documentation, and the NAT64/6to4/Teredo/IPv4-
 * mapped/compatible forms, which can carry any IPv4 address (checked as the IPv4 they carry where
 * they can, refused otherwise).
 */
// Two lists: a BlockList checks an IPv4 address against its IPv6 rules too (as IPv4-mapped), so
// the IPv4-mapped and -compatible rules below would refuse every IPv4 address.
const blocked4 = new BlockList();
const blocked6 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 3],
] as const) {
  blocked4.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["::", 96], // IPv4-compatible (deprecated)
  ["::ffff:0:0", 96], // IPv4-mapped, when not recognised as such below
  ["::ffff:0:0:0", 96], // IPv4-translated
  ["64:ff9b::", 96], // NAT64
  ["64:ff9b:1::", 48],
  ["100::", 64], // discard
  ["2001::", 32], // Teredo
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local
  ["ff00::", 8], // multicast
] as const) {
  blocked6.addSubnet(network, prefix, "ipv6");
}
const loopback4 = new BlockList();
loopback4.addSubnet("127.0.0.0", 8, "ipv4");
const loopback6 = new BlockList();
loopback6.addAddress("::1", "ipv6");

/** The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, in any spelling) carries. */
function mappedIPv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const high = Number.parseInt(hex[1]!, 16);
  const low = Number.parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Why an address may not be fetched, or null when it is a public unicast address. */
export function refusedAddress(
  address: string,
  options: { allowLoopback: boolean },
): string | null {
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  const v4 = family === 6 ? mappedIPv4(address) : address;
  if (v4 !== null && isIP(v4) === 4) {
    if (options.allowLoopback && loopback4.check(v4, "ipv4")) return null;
    return blocked4.check(v4, "ipv4")
      ? "a private, loopback, link-local or reserved address"
      : null;
  }
  if (options.allowLoopback && loopback6.check(address, "ipv6")) return null;
  return blocked6.check(address, "ipv6")
    ? "a private, loopback, link-local or reserved address"
    : null;
}
