/**
 * A deterministic ~1 MB report with 5,000 annotations for the reader benchmark. Seeded, so every
 * run (and every machine) measures the same document.
 */
import { random } from "../lib/random.ts";

const WORDS = (
  "the workers were recruited by an agent who promised wages contract housing meals passport " +
  "debt deducted fee compound guards locked dormitory police detained inspection reports signed " +
  "exchange cash survivors interviewed described shifts hours rest punishment beaten confiscated " +
  "documents vessel harbour officials border crossing transferred sold company managers quota " +
  "online scam messages victims families ransom released embassy repatriated court charged " +
  "immigration offence labour ministry investigation complaint hotline translator witness"
).split(" ");

export interface BenchAnnotation {
  start: number;
  end: number;
  tags: string[];
  note: string;
}

export const CODES = [
  "forced-labour",
  "arbitrary-detention",
  "corruption",
  "torture",
  "sexual-violence",
  "trafficking",
  "deceptive-recruitment",
  "victim-criminalisation",
  "state-response",
];

/** The text (paragraphs of sentences, ~`size` UTF-16 units) and `count` annotations on it. */
export function generate(
  seed = 20240611,
  size = 1_000_000,
  count = 5_000,
): { text: string; annotations: BenchAnnotation[] } {
  const rand = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const paragraphs: string[] = [];
  let length = 0;
  while (length < size) {
    const sentences: string[] = [];
    const n = 2 + Math.floor(rand() * 6);
    for (let s = 0; s < n; s++) {
      const words = Array.from({ length: 8 + Math.floor(rand() * 18) }, () => pick(WORDS));
      const sentence = words.join(" ");
      sentences.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
    }
    const paragraph = sentences.join(" ");
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  const text = paragraphs.join("\n\n");

  // Word starts, so passages begin and end on word boundaries as a reader's selections do.
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (i === 0 || text[i - 1] === " " || text[i - 1] === "\n") starts.push(i);
  }
  const annotations: BenchAnnotation[] = [];
  for (let i = 0; i < count; i++) {
    const previous = annotations[annotations.length - 1];
    // One in six starts inside another passage, so overlaps and nesting are exercised.
    const at =
      previous && rand() < 1 / 6
        ? Math.min(
            text.length - 2,
            previous.start + Math.floor((previous.end - previous.start) / 2),
          )
        : pick(starts);
    let end = Math.min(text.length, at + 20 + Math.floor(rand() * 300));
    while (end < text.length && /\S/.test(text[end]!)) end++;
    const tags = rand() < 0.25 ? [pick(CODES), pick(CODES)] : [pick(CODES)];
    annotations.push({
      start: at,
      end,
      tags: [...new Set(tags)],
      note: rand() < 0.3 ? `Bench note ${i}: corroborate with the second interview.` : "",
    });
  }
  annotations.sort((a, b) => a.start - b.start);
  return { text, annotations };
}
