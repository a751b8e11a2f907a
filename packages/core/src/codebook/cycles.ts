import type { TreeNode } from "./tree.ts";

/**
 * The loops in stored parent links, each as the ids on it (walking up from its smallest id).
 * Pure. Gloss refuses a move into a code's own subtree, but two moves racing (A under B while B
 * goes under A) can each pass that check on the tree they read and together store a loop; this is
 * how the codebook finds one to undo.
 */
export function findCycles(nodes: Iterable<Pick<TreeNode, "id" | "parentId">>): string[][] {
  const parentOf = new Map<string, string | null>();
  for (const node of nodes) parentOf.set(node.id, node.parentId);
  // 1: on the walk in progress; 2: finished (leads to the top, to a missing parent or to a loop
  // already reported).
  const state = new Map<string, 1 | 2>();
  const cycles: string[][] = [];
  for (const start of parentOf.keys()) {
    const walk: string[] = [];
    let id: string | null = start;
    while (id !== null && parentOf.has(id) && !state.has(id)) {
      state.set(id, 1);
      walk.push(id);
      id = parentOf.get(id) ?? null;
    }
    if (id !== null && state.get(id) === 1) {
      const loop = walk.slice(walk.indexOf(id));
      const first = loop.indexOf([...loop].sort()[0]!);
      cycles.push([...loop.slice(first), ...loop.slice(0, first)]);
    }
    for (const done of walk) state.set(done, 2);
  }
  return cycles;
}
