import { describe, expect, it } from "vitest";
import { restoredId } from "../../packages/core/src/backup/ids.ts";
import { base32, idPattern, newId } from "../../packages/core/src/id/index.ts";

describe("base32", () => {
  it("is RFC 4648 base32 over Crockford's alphabet, 5 bits a character", () => {
    // Vectors from Python's base64.b32encode, translated to Crockford's alphabet.
    expect(base32(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toBe("041061050R3GG28A");
    expect(base32(Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 0xfe, 0xff]))).toBe(
      "VTPVXVR004107ZQZ",
    );
    expect(base32(new Uint8Array(10))).toBe("0".repeat(16));
    expect(base32(new Uint8Array(10).fill(0xff))).toBe("Z".repeat(16));
  });
});

describe("ids", () => {
  it("puts the time first, so later ids sort later", () => {
    const early = newId("doc", 1_700_000_000_000);
    const late = newId("doc", 1_700_000_000_001);
    expect(early).toMatch(idPattern("doc"));
    expect(early < late).toBe(true);
  });

  it("derives a restored id from the target workspace and the old id, keeping its time", () => {
    const old = newId("ann", 1_700_000_000_000);
    const once = restoredId("ann", old, "ws_A");
    expect(once).toMatch(idPattern("ann"));
    expect(once.slice(0, 14)).toBe(old.slice(0, 14));
    expect(restoredId("ann", old, "ws_A")).toBe(once);
    expect(restoredId("ann", old, "ws_B")).not.toBe(once);
  });
});
