import { describe, expect, it } from "vitest";
import { findCycles } from "../../packages/core/src/codebook/cycles.ts";
import { needsRenumber, rankAt, renumbered } from "../../packages/core/src/codebook/tree.ts";

const node = (id: string, rank: number) => ({ id, label: id, parentId: null, rank });
const order = (nodes: Array<{ id: string; rank: number }>) =>
  nodes.toSorted((a, b) => a.rank - b.rank).map((n) => n.id);

describe("sibling ranks", () => {
  it("asks for a renumbering before a halved gap could meet a neighbour", () => {
    let low = node("a", 1024);
    const high = node("b", 2048);
    let halvings = 0;
    while (!needsRenumber([low, high], 1)) {
      const rank = rankAt([low, high], 1);
      expect(rank).toBeGreaterThan(low.rank);
      expect(rank).toBeLessThan(high.rank);
      low = node("a", rank);
      halvings++;
    }
    expect(halvings).toBeGreaterThan(20);
    expect(halvings).toBeLessThan(45);
  });

  it("renumbers so that any prefix of the writes, last sibling first, keeps the order", () => {
    const siblings = [node("a", 5), node("b", 5.5), node("c", 5.50001), node("d", 7)];
    const ranks = renumbered(siblings);
    for (let written = 0; written <= siblings.length; written++) {
      const state = siblings.map((s, i) =>
        i >= siblings.length - written ? { ...s, rank: ranks[i]! } : s,
      );
      expect(order(state)).toEqual(["a", "b", "c", "d"]);
    }
    expect(ranks[1]! - ranks[0]!).toBe(1024);
  });
});

describe("loops of parents", () => {
  it("finds each loop once, and nothing in a tree", () => {
    const links = (pairs: Array<[string, string | null]>) =>
      pairs.map(([id, parentId]) => ({ id, parentId }));
    expect(
      findCycles(
        links([
          ["a", null],
          ["b", "a"],
          ["c", "b"],
          ["d", "gone"],
        ]),
      ),
    ).toEqual([]);
    expect(
      findCycles(
        links([
          ["a", "b"],
          ["b", "a"],
          ["c", "a"],
          ["x", "y"],
          ["y", "z"],
          ["z", "x"],
          ["s", "s"],
        ]),
      ),
    ).toEqual([["a", "b"], ["x", "y", "z"], ["s"]]);
  });
});
