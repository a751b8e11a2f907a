import { randomBytes } from "node:crypto";

/** Crockford's base32: no I, L, O, U, so ids read aloud and sort as their timestamps do. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export type IdPrefix = "doc" | "ann" | "lnk" | "shr" | "ws" | "usr" | "inv" | "tok" | "chg" | "rnd";

/**
 * A prefixed, time-sortable id: `doc_01JD…` — 10 characters of millisecond time then 16 of
 * randomness (80 bits, ULID layout), so ids created later sort later and never collide in practice.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(10);
  let random = "";
  // 10 bytes = 80 bits = 16 base32 characters, 5 bits each.
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      random += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `${prefix}_${time}${random}`;
}

/** The pattern every id of a prefix matches; used to reject malformed ids before any lookup. */
export function idPattern(prefix: IdPrefix): RegExp {
  return new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`);
}
