import type { Tag } from "../../api/types.ts";

/** Where a move puts a code: the API's PATCH body without the version. */
export interface Placement {
  parentId: string | null;
  position: number;
}

/** The codes under a parent (null: the top level), in order. Codes arrive in tree order. */
export function childrenOf(tags: Tag[], parentId: string | null): Tag[] {
  return tags.filter((t) => t.parentId === parentId).sort((a, b) => a.position - b.position);
}

/** Whether `id` is `ancestor` or sits below it. */
export function isWithin(tags: Tag[], id: string, ancestor: string): boolean {
  const byId = new Map(tags.map((t) => [t.id, t]));
  for (let p: string | null = id; p; p = byId.get(p)?.parentId ?? null)
    if (p === ancestor) return true;
  return false;
}

/**
 * The placement a keyboard move gives (Alt+↑/↓ reorder among siblings, Alt+→ nests under the
 * previous sibling, Alt+← moves out to just after the parent), or null when there is nowhere to go.
 */
export function keyboardMove(
  tags: Tag[],
  tag: Tag,
  direction: "up" | "down" | "indent" | "outdent",
): Placement | null {
  const siblings = childrenOf(tags, tag.parentId);
  const index = siblings.findIndex((s) => s.id === tag.id);
  switch (direction) {
    case "up":
      return index > 0 ? { parentId: tag.parentId, position: index - 1 } : null;
    case "down":
      return index < siblings.length - 1 ? { parentId: tag.parentId, position: index + 1 } : null;
    case "indent": {
      const previous = siblings[index - 1];
      return previous
        ? { parentId: previous.id, position: childrenOf(tags, previous.id).length }
        : null;
    }
    case "outdent": {
      const parent = tags.find((t) => t.id === tag.parentId);
      if (!parent) return null;
      const uncles = childrenOf(tags, parent.parentId);
      return {
        parentId: parent.parentId,
        position: uncles.findIndex((u) => u.id === parent.id) + 1,
      };
    }
  }
}

/** The placement of a drop on `target`: before it, after it, or inside it as its last child. */
export function dropMove(
  tags: Tag[],
  dragged: Tag,
  target: Tag,
  zone: "before" | "after" | "inside",
): Placement | null {
  if (isWithin(tags, target.id, dragged.id)) return null;
  if (zone === "inside") {
    return {
      parentId: target.id,
      position: childrenOf(tags, target.id).filter((c) => c.id !== dragged.id).length,
    };
  }
  const siblings = childrenOf(tags, target.parentId).filter((s) => s.id !== dragged.id);
  const index = siblings.findIndex((s) => s.id === target.id);
  return { parentId: target.parentId, position: zone === "before" ? index : index + 1 };
}

/** A code's ancestors' labels, for showing where it sits: "Liberty and security › …". */
export function parentPath(tag: Tag): string {
  return tag.path.slice(0, -1).join(" › ");
}
