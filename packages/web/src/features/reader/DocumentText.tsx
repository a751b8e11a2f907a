import type { MouseEvent as ReactMouseEvent, RefObject } from "react";
import type { Paragraph } from "./paragraphs.ts";
import { type MarkPlan, TextView } from "./TextView.tsx";

/**
 * The document's text as both readers show it: the text view inside the element that takes a
 * click on a highlight (and, in the editing reader, the mouse-up that ends a selection), and a
 * note in its place when the document has no text.
 */
export function DocumentText({
  textRef,
  text,
  paragraphs,
  marks,
  pages,
  language,
  onClick,
  onMouseUp,
}: {
  textRef: RefObject<HTMLDivElement | null>;
  text: string;
  paragraphs: Paragraph[];
  /** Only without CSS Custom Highlights: the stretches to wrap in <mark>. */
  marks: MarkPlan | undefined;
  /** Paragraph index → page number, for the page numbers in the margin. */
  pages?: Map<number, number> | undefined;
  language: string | null | undefined;
  onClick: (event: ReactMouseEvent) => void;
  onMouseUp?: (() => void) | undefined;
}) {
  return (
    <>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard path is the cards and j/k, s/t */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: selecting and clicking the text is the interaction */}
      <div onMouseUp={onMouseUp} onClick={onClick}>
        <TextView
          ref={textRef}
          text={text}
          paragraphs={paragraphs}
          marks={marks}
          pages={pages}
          language={language}
        />
      </div>
      {text.length === 0 && <p className="empty">This document has no text.</p>}
    </>
  );
}
