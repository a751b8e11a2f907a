import type { ReactNode } from "react";
import type { Tag } from "../../api/types.ts";
import { SidebarHead } from "./SidebarHead.tsx";

/**
 * The sidebar both readers put beside the text: a drawer on narrow screens (`open`), its head with
 * the code filter chips, and the cards given as children.
 */
export function SidebarFrame({
  label,
  title,
  open,
  total,
  codebook,
  counts,
  filter,
  onFilter,
  children,
}: {
  /** The landmark's accessible name. */
  label: string;
  title: string;
  open: boolean;
  total: number;
  codebook: Tag[];
  counts: Map<string, number>;
  filter: string | null;
  onFilter: (tag: string | null) => void;
  children: ReactNode;
}) {
  return (
    <aside className={open ? "sidebar open" : "sidebar"} id="annotation-list" aria-label={label}>
      <SidebarHead
        title={title}
        total={total}
        codebook={codebook}
        counts={counts}
        filter={filter}
        onFilter={onFilter}
      />
      <div className="cards">{children}</div>
    </aside>
  );
}
