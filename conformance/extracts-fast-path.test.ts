import { describe, expect, it } from "vitest";
import { neutralise } from "../packages/core/src/export/csv.ts";
import { HOSTILE_COLUMNS, hostileExtracts } from "../tests/exports/hostile-rows.ts";
import { readWithPython } from "./support/python.ts";

// The extracts writer formats only user-text cells and caches what rows share: read what it
// writes for passages hostile in every user-text column with Python's csv module and pandas.
describe("extracts.csv's fast path read by Python's csv module and pandas", () => {
  for (const layout of ["long", "wide"] as const) {
    it(`reads every hostile cell back as stored, after the documented ' (${layout})`, () => {
      const { csv, expected } = hostileExtracts(layout, 40);
      const read = readWithPython(csv);
      const [header, ...records] = read.csv;
      expect(header).toEqual(HOSTILE_COLUMNS);
      expect(read.pandas.columns).toEqual(HOSTILE_COLUMNS);
      expect(read.pandas.rows).toEqual(records);
      expect(records).toHaveLength(expected.length);
      records.forEach((record, i) => {
        const want = HOSTILE_COLUMNS.map((column) => neutralise(expected[i]![column] ?? ""));
        expect(record, `record ${i}`).toEqual(want);
      });
    });
  }
});
