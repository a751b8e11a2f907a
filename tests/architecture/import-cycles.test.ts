import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cycles, importGraph, isTypeOnly, runtimeSpecifiers } from "./import-graph.ts";

const root = join(import.meta.dirname, "../..");

/**
 * No package has a runtime import cycle. A cycle makes module initialisation order depend on
 * which module is imported first: a `const` read across it is `undefined` (or a TDZ error) in one
 * entry and fine in another, which is how a bundle for one Lambda breaks while the tests pass.
 */
describe("runtime import graph", () => {
  for (const pkg of ["core", "functions", "web", "local"]) {
    it(`packages/${pkg} has no runtime import cycle`, () => {
      const graph = importGraph(join(root, "packages", pkg, "src"));
      expect(graph.size).toBeGreaterThan(3);
      expect(cycles(graph)).toEqual([]);
    });
  }
});

describe("the scanner", () => {
  it("keeps runtime imports and drops type-only ones and comments", () => {
    const source = [
      'import { a } from "./a.ts";',
      'import type { B } from "./b.ts";',
      'import { type C, type D } from "./c.ts";',
      'import { type E, f } from "./e.ts";',
      'export { g } from "./g.ts";',
      'export type { H } from "./h.ts";',
      'import * as I from "./i.ts";',
      'import "./side.ts";',
      'import { z } from "zod";',
      '// import { x } from "./commented.ts";',
      '/* import { y } from "./block.ts"; */',
      "import {",
      "  m,",
      "  type N,",
      '} from "./multi.ts";',
    ].join("\n");
    expect(runtimeSpecifiers(source).sort()).toEqual(
      ["./a.ts", "./e.ts", "./g.ts", "./i.ts", "./multi.ts", "./side.ts"].sort(),
    );
    expect(isTypeOnly("{ type A }")).toBe(true);
    expect(isTypeOnly("{ A }")).toBe(false);
  });

  it("finds a cycle and a self-import, and nothing in a chain", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["d"]],
      ["e", ["a"]],
    ]);
    expect(cycles(graph)).toEqual([["a", "b", "c"], ["d"]]);
    expect(
      cycles(
        new Map([
          ["x", ["y"]],
          ["y", []],
        ]),
      ),
    ).toEqual([]);
  });
});
