import { ancestorsOfCodes, buildTree } from "@gloss/core/codebook";
import { rollUp } from "@gloss/core/findings";
import { describe, expect, it } from "vitest";

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(seed: number) {
  const next = random(seed);
  const codes: Array<{ id: string; label: string; parentId: string | null; position: number }> = [];
  const depth = new Map<string, number>();
  for (let i = 0; i < 30; i++) {
    const candidates = codes.filter((c) => (depth.get(c.id) ?? 1) < 6);
    const parent =
      next() < 0.25 || candidates.length === 0
        ? null
        : candidates[Math.floor(next() * candidates.length)]!;
    const id = `c${i}`;
    codes.push({ id, label: `Code ${i}`, parentId: parent?.id ?? null, position: i });
    depth.set(id, parent ? (depth.get(parent.id) ?? 1) + 1 : 1);
  }
  const annotations = Array.from({ length: 400 }, () => ({
    documentId: `d${Math.floor(next() * 5)}`,
    tags: [
      ...new Set(
        Array.from({ length: 1 + Math.floor(next() * 3) }, () => `c${Math.floor(next() * 30)}`),
      ),
    ],
  }));
  return { codes, annotations };
}

describe("findings roll-up", () => {
  for (const seed of [1, 2, 3, 42]) {
    it(`counts a parent's passages with every descendant's, each passage once (seed ${seed})`, () => {
      const { codes, annotations } = generate(seed);
      const parentOf = new Map(codes.map((c) => [c.id, c.parentId]));
      // By hand: a passage counts for a code when the code is on the chain above any of its tags.
      const chain = (id: string) => {
        const out: string[] = [];
        for (let p: string | null = id; p; p = parentOf.get(p) ?? null) out.push(p);
        return out;
      };
      const rolled = rollUp(annotations, ancestorsOfCodes(codes));
      for (const code of codes) {
        const mine = annotations.filter((a) => a.tags.some((t) => chain(t).includes(code.id)));
        expect(rolled.passages.get(code.id) ?? 0).toBe(mine.length);
        for (const doc of ["d0", "d1", "d2", "d3", "d4"]) {
          expect(rolled.matrix[code.id]?.[doc] ?? 0).toBe(
            mine.filter((a) => a.documentId === doc).length,
          );
        }
      }
      // A leaf's rolled-up count is its direct count.
      const tree = buildTree(codes.map((c) => ({ ...c, rank: c.position })));
      for (const code of codes.filter((c) => (tree.children.get(c.id) ?? []).length === 0)) {
        expect(rolled.passages.get(code.id) ?? 0).toBe(
          annotations.filter((a) => a.tags.includes(code.id)).length,
        );
      }
    });
  }

  it("treats a looping parent chain (a hand-edited backup) as the top level, never hanging", () => {
    const tree = buildTree([
      { id: "a", label: "A", parentId: "b", rank: 1 },
      { id: "b", label: "B", parentId: "a", rank: 2 },
      { id: "c", label: "C", parentId: "b", rank: 3 },
    ]);
    expect(
      tree
        .ordered()
        .map((n) => n.id)
        .sort(),
    ).toEqual(["a", "b", "c"]);
    expect(tree.depth("c")).toBeLessThanOrEqual(3);
  });
});
