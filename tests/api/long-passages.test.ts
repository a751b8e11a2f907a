import { marshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import {
  annotationPath,
  annotationsPath,
  expectError,
  expectStatus,
  makeDocument,
} from "../support/data.ts";

/** Multi-paragraph testimony in a script of 3-byte UTF-8 characters, the worst case for size. */
function testimony(units: number): string {
  const paragraph = `${"ศาลสั่งให้คืนหนังสือเดินทาง ".repeat(40).trim()}\n\n`;
  return paragraph.repeat(Math.ceil(units / paragraph.length) + 2);
}

/** The size DynamoDB counts for an item: attribute names plus values, as marshalled. */
function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(marshall(item, { removeUndefinedValues: true }))) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(JSON.stringify(value));
  }
  return bytes;
}

describe("long passages", () => {
  it("stores a 20,000-unit passage with its exact quote and gives it back unchanged", async () => {
    const t = await makeTestApp();
    const text = testimony(20_000);
    const doc = await makeDocument(t, { text: text.replace(/\n+$/, "") });
    const exact = text.slice(5, 20_005);
    const created = await t.call("POST", annotationsPath(t, doc.id), {
      start: 5,
      end: 20_005,
      exact,
      tags: ["forced-labour"],
      note: "n".repeat(4_000),
    });
    expectStatus(created, 201);
    const got = await t.call("GET", annotationPath(t, created.body.id));
    expectStatus(got, 200);
    expect(got.body.exact).toBe(exact);
    expect(got.body.exact.length).toBe(20_000);
    // Far inside DynamoDB's 400 KB item limit, even in a 3-byte script with the longest note.
    expect(itemBytes(got.body)).toBeLessThan(100_000);
  });

  it("refuses a longer passage with a message that says the limit", async () => {
    const t = await makeTestApp();
    const text = testimony(20_001);
    const doc = await makeDocument(t, { text: text.replace(/\n+$/, "") });
    const reply = await t.call("POST", annotationsPath(t, doc.id), {
      start: 0,
      end: 20_001,
      exact: text.slice(0, 20_001),
      tags: ["forced-labour"],
    });
    expectError(reply, 400, "request.invalid_body");
    expect(reply.body.error.message).toMatch(/20000|20,000/);
  });
});
