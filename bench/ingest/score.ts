/**
 * Scores of an extraction against ground truth: token F1, paragraph-boundary F1, footnotes kept,
 * running header/footer lines left, body lines wrongly removed.
 */

export const tokensOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** F1 of two token multisets. */
export function tokenF1(output: string, truth: string): number {
  const counts = new Map<string, number>();
  const want = tokensOf(truth);
  for (const t of want) counts.set(t, (counts.get(t) ?? 0) + 1);
  const got = tokensOf(output);
  let hit = 0;
  for (const t of got) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      hit++;
      counts.set(t, n - 1);
    }
  }
  const precision = got.length ? hit / got.length : 0;
  const recall = want.length ? hit / want.length : 0;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}

/** A paragraph's start, for matching boundaries: its first six tokens. */
const startOf = (paragraph: string) => tokensOf(paragraph).slice(0, 6).join(" ");

/** F1 of paragraph starts: each output paragraph that starts where a true one does counts. */
export function boundaryF1(output: string[], truth: string[]): number {
  const want = new Map<string, number>();
  for (const p of truth) want.set(startOf(p), (want.get(startOf(p)) ?? 0) + 1);
  let hit = 0;
  for (const p of output) {
    const n = want.get(startOf(p)) ?? 0;
    if (n > 0) {
      hit++;
      want.set(startOf(p), n - 1);
    }
  }
  const precision = output.length ? hit / output.length : 0;
  const recall = truth.length ? hit / truth.length : 0;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}

/** Whether a token sequence occurs in the output's token stream. */
const contains = (stream: string, text: string) => {
  const needle = tokensOf(text).join(" ");
  return needle !== "" && ` ${stream} `.includes(` ${needle} `);
};

/** Share of footnotes that come out as paragraphs of their own (their text, whole). */
export function footnotesKept(output: string[], footnotes: string[]): number {
  if (footnotes.length === 0) return 1;
  const paragraphs = new Set(output.map((p) => tokensOf(p).join(" ")));
  return footnotes.filter((f) => paragraphs.has(tokensOf(f).join(" "))).length / footnotes.length;
}

/** Share of running header/footer lines still in the output (as a line's tokens). */
export function runningLeft(outputLines: string[], running: string[]): number {
  if (running.length === 0) return 0;
  const lines = outputLines.map((l) => tokensOf(l).join(" "));
  const left = running.filter((r) => {
    const key = tokensOf(r).join(" ");
    // A bare page number ("- 7 -") is left only as a line of its own; a longer header also
    // when glued to the start or end of a paragraph.
    const long = key.split(" ").length >= 3;
    return lines.some(
      (l) => l === key || (long && (l.startsWith(`${key} `) || l.endsWith(` ${key}`))),
    );
  });
  return left.length / running.length;
}

/**
 * Body lines missing from the output: a line's tokens, without its first and last (which a
 * hyphen join or a footnote mark may change), must occur in order in the output.
 */
export function bodyLinesRemoved(output: string, bodyLines: string[]): number {
  const stream = tokensOf(output).join(" ");
  let removed = 0;
  for (const line of bodyLines) {
    const inner = tokensOf(line).slice(1, -1);
    if (inner.length < 2) continue;
    if (!contains(stream, inner.join(" "))) removed++;
  }
  return removed;
}
