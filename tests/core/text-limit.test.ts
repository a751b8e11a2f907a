import { MAX_TEXT_LENGTH } from "@gloss/core/document";
import { expect, it } from "vitest";

const LAMBDA_PAYLOAD = 6_291_456;
const body = (text: string) => Buffer.byteLength(JSON.stringify({ title: "t", text }), "utf8");

it("states a payload bound that holds: 2.09 M units of any BMP script fit, 5 M do not always", () => {
  expect(body("中".repeat(2_090_000))).toBeLessThanOrEqual(LAMBDA_PAYLOAD);
  expect(body("ب".repeat(3_100_000))).toBeLessThanOrEqual(LAMBDA_PAYLOAD);
  // At the limit itself, Arabic or Cyrillic (2 bytes) and CJK (3 bytes) exceed one request.
  expect(body("ж".repeat(MAX_TEXT_LENGTH))).toBeGreaterThan(LAMBDA_PAYLOAD);
  expect(body("中".repeat(MAX_TEXT_LENGTH))).toBeGreaterThan(2 * LAMBDA_PAYLOAD);
});
