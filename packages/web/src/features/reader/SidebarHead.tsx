import type { Tag } from "../../api/types.ts";

/**
 * The head of a sidebar: its title with the number of passages, and a chip per code in use that
 * filters the passages (and highlights) to that code; "All" clears the filter.
 */
export function SidebarHead({
  title,
  total,
  codebook,
  counts,
  filter,
  onFilter,
}: {
  title: string;
  total: number;
  codebook: Tag[];
  counts: Map<string, number>;
  filter: string | null;
  onFilter: (tag: string | null) => void;
}) {
  const used = codebook.filter((t) => (counts.get(t.id) ?? 0) > 0);
  return (
    <div className="sidebar-head">
      <h2>
        {title} <span className="count">{total}</span>
      </h2>
      {used.length > 0 && (
        <div className="filters" role="toolbar" aria-label="Filter by code">
          <button type="button" aria-pressed={filter === null} onClick={() => onFilter(null)}>
            All <span className="count">{total}</span>
          </button>
          {used.map((tag) => (
            <button
              key={tag.id}
              type="button"
              data-tag={tag.id}
              aria-pressed={filter === tag.id}
              onClick={() => onFilter(filter === tag.id ? null : tag.id)}
            >
              <span className="swatch" style={{ background: tag.color }} aria-hidden="true" />
              {tag.label} <span className="count">{counts.get(tag.id)}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
