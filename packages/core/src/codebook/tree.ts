/**
 * The codebook as a tree, computed from each code's parent and rank. Pure: codes in, structure
 * out. Used by the API (positions, paths), findings (roll-up) and every exporter (code paths).
 */

/** What the tree needs of a code. */
export interface TreeNode {
  id: string;
  label: string;
  parentId: string | null;
  /** Sort key among siblings; ties fall back to the id so the order is total. */
  rank: number;
}

/** Separator of a code path in CSV and other one-line forms: "Liberty › Arbitrary detention". */
export const PATH_SEPARATOR = " › ";

export interface Tree<T extends TreeNode> {
  byId: Map<string, T>;
  /** Children of each parent in order; `null` holds the top level. */
  children: Map<string | null, T[]>;
  /** Ids from the top down to the code (itself last). */
  idPath(id: string): string[];
  /** Labels from the top down to the code (itself last). */
  labelPath(id: string): string[];
  /** The code and all its ancestors. */
  withAncestors(id: string): string[];
  /** Every code below this one, depth first. */
  descendants(id: string): string[];
  /** 1 at the top level. */
  depth(id: string): number;
  /** Levels from the code down to its deepest descendant (1 for a leaf). */
  height(id: string): number;
  /** Codes in display order: depth first, siblings by rank. */
  ordered(): T[];
}

const byRank = (a: TreeNode, b: TreeNode) =>
  a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Builds the tree. A parent that is missing, or a chain that loops (never written by Gloss, but a
 * hand-edited backup could hold one), is treated as the top level so every code stays reachable.
 */
export function buildTree<T extends TreeNode>(nodes: Iterable<T>): Tree<T> {
  const byId = new Map<string, T>();
  for (const node of nodes) byId.set(node.id, node);
  const parentOf = new Map<string, string | null>();
  for (const node of byId.values()) {
    let parent = node.parentId && byId.has(node.parentId) ? node.parentId : null;
    // Walk up; a loop back to this node (or a chain longer than the codebook) breaks it here.
    const seen = new Set([node.id]);
    for (let p = parent; p; p = byId.get(p)?.parentId ?? null) {
      if (seen.has(p) || !byId.has(p)) {
        if (seen.has(p)) parent = null;
        break;
      }
      seen.add(p);
    }
    parentOf.set(node.id, parent);
  }
  const children = new Map<string | null, T[]>();
  for (const node of byId.values()) {
    const parent = parentOf.get(node.id) ?? null;
    const list = children.get(parent) ?? [];
    list.push(node);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort(byRank);

  const idPath = (id: string): string[] => {
    const path: string[] = [];
    for (let p: string | null = id; p && byId.has(p); p = parentOf.get(p) ?? null) {
      path.unshift(p);
    }
    return path;
  };
  const descendants = (id: string): string[] => {
    const out: string[] = [];
    const walk = (parent: string) => {
      for (const child of children.get(parent) ?? []) {
        out.push(child.id);
        walk(child.id);
      }
    };
    walk(id);
    return out;
  };
  const height = (id: string): number =>
    1 + Math.max(0, ...(children.get(id) ?? []).map((c) => height(c.id)));
  return {
    byId,
    children,
    idPath,
    labelPath: (id) => idPath(id).map((p) => byId.get(p)?.label ?? p),
    withAncestors: (id) => idPath(id).reverse(),
    descendants,
    depth: (id) => idPath(id).length,
    height,
    ordered: () => {
      const out: T[] = [];
      const walk = (parent: string | null) => {
        for (const child of children.get(parent) ?? []) {
          out.push(child);
          walk(child.id);
        }
      };
      walk(null);
      return out;
    },
  };
}

/** The rank step between codes placed at an end, and between renumbered siblings. */
export const RANK_STEP = 1024;

/**
 * How narrow a gap may get, relative to the ranks around it, before the siblings are renumbered.
 * A double's spacing near a rank r is r·2^-52, so a gap of r·2^-32 is still a million spacings
 * wide and its midpoint lies strictly between the neighbours, at any magnitude renumbering
 * reaches. From the 1024 step near rank 1024 that is ~32 halvings into the same gap.
 */
export const MIN_RANK_GAP_RATIO = 2 ** -32;

/**
 * A rank that puts a code at `position` among `siblings` (already in order, the moved code not
 * among them): halfway between its new neighbours, so one write moves it and no sibling changes.
 * When `needsRenumber` says the gap is too narrow, the siblings are renumbered first.
 */
export function rankAt(siblings: TreeNode[], position: number): number {
  const at = Math.min(Math.max(position, 0), siblings.length);
  const before = siblings[at - 1]?.rank;
  const after = siblings[at]?.rank;
  if (before === undefined) return after === undefined ? RANK_STEP : after - RANK_STEP;
  if (after === undefined) return before + RANK_STEP;
  return (before + after) / 2;
}

/** Whether the gap at `position` among `siblings` is too narrow to be halved again. */
export function needsRenumber(siblings: TreeNode[], position: number): boolean {
  const at = Math.min(Math.max(position, 0), siblings.length);
  const before = siblings[at - 1]?.rank;
  const after = siblings[at]?.rank;
  if (before === undefined || after === undefined) return false;
  const scale = Math.max(Math.abs(before), Math.abs(after), RANK_STEP);
  return after - before < scale * MIN_RANK_GAP_RATIO;
}

/**
 * New ranks for siblings in their present order, all above every present rank. Written from the
 * last sibling to the first, any prefix of those writes keeps the order: the rewritten ones sit,
 * in order, above all the rest. So a renumbering cut short by a crash reorders nothing.
 */
export function renumbered(siblings: TreeNode[]): number[] {
  const top = Math.max(0, ...siblings.map((s) => s.rank));
  const base = Math.floor(top) + RANK_STEP;
  return siblings.map((_, i) => base + i * RANK_STEP);
}

/** Each code's ancestors (not itself), for rolling counts up the tree. */
export function ancestorMap(tree: Tree<TreeNode>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const id of tree.byId.keys()) map.set(id, tree.withAncestors(id).slice(1));
  return map;
}

/** Each code's ancestors, from codes as the API gives them (parent and position). */
export function ancestorsOfCodes(
  codes: Array<{ id: string; label: string; parentId: string | null; position: number }>,
): Map<string, string[]> {
  return ancestorMap(
    buildTree(
      codes.map((c) => ({ id: c.id, label: c.label, parentId: c.parentId, rank: c.position })),
    ),
  );
}
