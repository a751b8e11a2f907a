import { type CSSProperties, forwardRef, memo, type ReactNode } from "react";
import type { Tag } from "../../api/types.ts";
import { HIGHLIGHT_ALPHA, type Passage, translucent } from "./highlights.ts";
import type { Paragraph } from "./paragraphs.ts";

/**
 * The document's text, one <p data-p> per paragraph, each a single React text node (never HTML).
 * It renders once per document: highlights are painted over it by CSS Custom Highlights, so
 * annotation changes do not re-render it. Only browsers without that API pass `marks`, and then
 * get the highlighted stretches wrapped in <mark> elements instead.
 *
 * Page numbers (`pages`: paragraph index → page) are a `data-page` attribute that CSS shows in the
 * margin with `::before`: generated content is neither a DOM node nor selectable, so the text
 * nodes and every selection offset stay exactly the canonical text.
 */
export const TextView = memo(
  forwardRef<
    HTMLDivElement,
    {
      text: string;
      paragraphs: Paragraph[];
      marks?: MarkPlan | undefined;
      pages?: Map<number, number> | undefined;
      /** The text's language (BCP 47): screen readers pronounce it right only when told. */
      language?: string | null | undefined;
    }
  >(function TextView({ text, paragraphs, marks, pages, language }, ref) {
    return (
      <div className="doc-text" ref={ref} lang={language ?? undefined}>
        {paragraphs.map((p, i) => (
          <p
            key={p.start}
            data-p={i}
            data-page={pages?.get(i)}
            dir="auto"
            style={{ [CHARS]: p.end - p.start } as CSSProperties}
          >
            {marks ? markedParagraph(text, p, marks) : text.slice(p.start, p.end)}
          </p>
        ))}
      </div>
    );
  }),
);

/**
 * A paragraph's length, from which CSS estimates its height before it is first laid out
 * (content-visibility skips off-screen paragraphs): close estimates keep the scrollbar from
 * jumping as paragraphs are laid out while scrolling a long report.
 */
const CHARS = "--chars";

/** What the <mark> fallback needs: the annotations and the codebook's colours. */
export interface MarkPlan {
  annotations: Passage[];
  tags: Map<string, Tag>;
}

/** A paragraph cut at every annotation boundary, covered stretches in <mark>s. */
function markedParagraph(text: string, para: Paragraph, plan: MarkPlan): ReactNode[] {
  const covering = plan.annotations.filter((a) => a.start < para.end && a.end > para.start);
  if (covering.length === 0) return [text.slice(para.start, para.end)];
  const cuts = new Set<number>([para.start, para.end]);
  for (const a of covering) {
    cuts.add(Math.max(a.start, para.start));
    cuts.add(Math.min(a.end, para.end));
  }
  const points = [...cuts].sort((x, y) => x - y);
  const nodes: ReactNode[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const over = covering.filter((a) => a.start <= start && a.end >= end);
    const slice = text.slice(start, end);
    if (over.length === 0) {
      nodes.push(slice);
      continue;
    }
    const colours = over.flatMap((a) => a.tags).map((t) => plan.tags.get(t)?.color ?? "#888888");
    const layers = (colours.length ? colours : ["#888888"]).map((c) => {
      const tint = translucent(c, HIGHLIGHT_ALPHA);
      return `linear-gradient(${tint}, ${tint})`;
    });
    nodes.push(
      <mark
        key={start}
        className={colours.length > 1 ? "mark multi" : "mark"}
        data-ann={over.map((a) => a.id).join(" ")}
        style={{ backgroundImage: layers.join(", ") }}
      >
        {slice}
      </mark>,
    );
  }
  return nodes;
}
