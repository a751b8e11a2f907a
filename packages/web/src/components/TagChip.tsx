import type { Tag } from "../api/types.ts";

/** A code as a small coloured chip; unknown ids (a code deleted meanwhile) show as grey. */
export function TagChip({ tag, id, count }: { tag: Tag | undefined; id: string; count?: number }) {
  return (
    <span className="chip" title={tag?.description || undefined}>
      <span className="swatch" style={{ background: tag?.color ?? "#999" }} aria-hidden="true" />
      {tag?.label ?? id}
      {count !== undefined && <span className="count">{count}</span>}
    </span>
  );
}
