/**
 * The peer page (bundled by esbuild into bench/results/reader-peer/, served from loopback):
 * `@recogito/text-annotator` rendering the benchmark's annotations on the same text, with the
 * renderer named in `?renderer=` (SPANS, its default, or CSS_HIGHLIGHTS). Like Gloss's reader it
 * marks `peer:annotations-loaded` once text and annotations are in memory and
 * `peer:highlights-painted` after the frame that shows the highlights.
 */
import { createTextAnnotator, type TextAnnotation } from "@recogito/text-annotator";
import "@recogito/text-annotator/text-annotator.css";

interface PeerData {
  text: string;
  annotations: Array<{ id: string; start: number; end: number; tags: string[] }>;
}

const afterPaint = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

async function main() {
  const params = new URLSearchParams(location.search);
  const renderer = params.get("renderer") === "CSS_HIGHLIGHTS" ? "CSS_HIGHLIGHTS" : "SPANS";
  const data = (await (await fetch(`data/${params.get("n")}.json`)).json()) as PeerData;
  performance.mark("peer:annotations-loaded");

  // Paragraphs as <p>, with the "\n\n" between them kept as text nodes, so character offsets in
  // the container are those of the canonical text Gloss stores.
  const container = document.getElementById("text")!;
  const fragment = document.createDocumentFragment();
  data.text.split("\n\n").forEach((paragraph, i) => {
    if (i > 0) fragment.append("\n\n");
    const p = document.createElement("p");
    p.textContent = paragraph;
    fragment.append(p);
  });
  container.append(fragment);

  const annotator = createTextAnnotator(container, { renderer });
  const annotations: TextAnnotation[] = data.annotations.map((a) => ({
    id: a.id,
    bodies: [],
    target: {
      annotation: a.id,
      selector: [{ quote: data.text.slice(a.start, a.end), start: a.start, end: a.end }],
    },
  })) as unknown as TextAnnotation[];
  // replace = false: the bulk upsert, which builds each selector's DOM range from its offsets.
  annotator.setAnnotations(annotations, false);
  const painted = () =>
    renderer === "SPANS"
      ? container.parentElement!.querySelector(
          ".r6o-annotation, .r6o-span-highlight-layer span",
        ) !== null
      : CSS.highlights.size > 0;
  // Without annotations nothing is ever painted: the text's frame is the one to wait for.
  while (data.annotations.length > 0 && !painted()) await afterPaint();
  await afterPaint();
  performance.mark("peer:highlights-painted");
}

void main();
