import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { neutralise } from "../../packages/core/src/export/csv.ts";
import { HOSTILE_COLUMNS, hostileExtracts } from "./hostile-rows.ts";

/** Records as a strict RFC 4180 reader splits them: a bare LF outside quotes would end a record. */
const strictParse = (text: string): string[][] =>
  parse(text, { relax_quotes: false, relax_column_count: false, record_delimiter: "\r\n" });

// Columns a user (or a restored backup, or an imported file) can fill with any text.
const USER_TEXT = HOSTILE_COLUMNS.filter(
  (c) =>
    ![
      "document_id",
      "annotation_id",
      "start",
      "end",
      "page",
      "status",
      "text_version",
      "linked_annotation_ids",
      "linked_relations",
      "source_sha256",
      "text_sha256",
      "code",
      // Built from the request's origin and ids: covered by the origin test below.
      "passage_url",
    ].includes(c),
);

describe("the extracts writer's fast path", () => {
  for (const layout of ["long", "wide"] as const) {
    it(`neutralises and quotes every user-text column (${layout} layout)`, () => {
      const { csv, expected } = hostileExtracts(layout);
      const [header, ...records] = strictParse(csv);
      expect(header).toEqual(HOSTILE_COLUMNS);
      expect(records).toHaveLength(expected.length);
      records.forEach((record, i) => {
        const want = expected[i]!;
        for (const [c, column] of HOSTILE_COLUMNS.entries()) {
          expect(record[c], `record ${i}, ${column}`).toBe(neutralise(want[column] ?? ""));
        }
      });
      // The fixture really is hostile in every user-text column, so none can slip by unseen.
      for (const column of USER_TEXT) {
        expect(
          expected.some(
            (r) => /^[=+\-@\t\r＝＋－＠]/.test(r[column] ?? "") && /\n/.test(r[column] ?? ""),
          ),
          column,
        ).toBe(true);
      }
    });
  }

  it("writes URLs on an origin that would need quoting through the per-cell path", () => {
    const { csv, expected } = hostileExtracts("long", 6, { origin: '=evil,"origin"' });
    const [, ...records] = strictParse(csv);
    const column = HOSTILE_COLUMNS.indexOf("passage_url");
    records.forEach((record, i) => {
      expect(record[column]).toBe(neutralise(expected[i]!.passage_url!));
    });
  });
});
