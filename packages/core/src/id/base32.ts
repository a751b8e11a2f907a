/** Crockford's base32: no I, L, O, U, so ids read aloud and sort as their timestamps do. */
export const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Bytes as Crockford base32, 5 bits a character, most significant first. Ids use 10 bytes
 * (80 bits, exactly 16 characters); a length that is not a multiple of 5 bytes drops its last
 * partial character, which ids never need.
 */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
