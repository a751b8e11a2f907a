import { randomBytes } from "node:crypto";
import { base32, CROCKFORD } from "./base32.ts";

export { base32 } from "./base32.ts";

export type IdPrefix =
  | "doc"
  | "ann"
  | "lnk"
  | "shr"
  | "ws"
  | "usr"
  | "inv"
  | "tok"
  | "chg"
  | "rnd"
  | "qry"
  | "cns";

/**
 * A prefixed, time-sortable id: `doc_01JD…` — 10 characters of millisecond time then 16 of
 * randomness (80 bits, ULID layout), so ids created later sort later and never collide in practice.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = base32(randomBytes(10));
  return `${prefix}_${time}${random}`;
}

/** The pattern every id of a prefix matches; used to reject malformed ids before any lookup. */
export function idPattern(prefix: IdPrefix): RegExp {
  return new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`);
}
