import { Worker } from "node:worker_threads";
import { GlossError } from "../error/index.ts";

/**
 * Regular-expression search under a hard time limit. JavaScript's engine backtracks, so a pattern
 * like `(a+)+$` can take exponential time, and no static check recognises every such pattern. The
 * match therefore runs in a worker thread that is terminated when the limit passes: the request
 * fails with `search.regex_timeout` (422) and the server's own thread never stops serving. See
 * docs/search.md for why this and not a pattern filter or a linear-time engine.
 */
export const MAX_PATTERN_LENGTH = 500;
export const DEFAULT_REGEX_LIMIT_MS = 2_000;

/** Runs in the worker: every non-empty match of the pattern in each text, as [start, end] pairs. */
const WORKER_SOURCE = `(() => {
const { parentPort, workerData } = require("node:worker_threads");
const { pattern, flags, texts, maxHits } = workerData;
const regex = new RegExp(pattern, flags);
const results = [];
let total = 0;
for (const text of texts) {
  const spans = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    if (m[0].length === 0) {
      // An empty match is no passage; step past it by a whole code point.
      const cp = text.codePointAt(regex.lastIndex);
      regex.lastIndex += cp !== undefined && cp > 0xffff ? 2 : 1;
      continue;
    }
    spans.push(m.index, m.index + m[0].length);
    if (++total > maxHits) { parentPort.postMessage({ tooMany: true }); return; }
  }
  results.push(spans);
}
parentPort.postMessage({ results });
})();
`;

/** Compiles the pattern once here so a syntax error is a 400 before any worker starts. */
export function checkPattern(pattern: string, flags: string): void {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) {
    throw new GlossError(
      "malformed",
      "search.regex_invalid",
      `a regular expression has 1 to ${MAX_PATTERN_LENGTH} characters`,
    );
  }
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    throw new GlossError(
      "malformed",
      "search.regex_invalid",
      `not a valid regular expression: ${(error as Error).message}`,
    );
  }
}

/** Every match in each text, as flat [start, end, start, end, …] arrays, or a 422 at the limit. */
export async function regexSpans(
  pattern: string,
  flags: string,
  texts: string[],
  options: { limitMs: number; maxHits: number },
): Promise<number[][]> {
  checkPattern(pattern, flags);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { pattern, flags, texts, maxHits: options.maxHits },
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const reply = await new Promise<{ results?: number[][]; tooMany?: boolean }>(
      (resolve, reject) => {
        // The limit is the pattern's: it starts when the worker runs, not while a loaded machine
        // starts the thread.
        worker.once("online", () => {
          timer = setTimeout(() => {
            reject(
              new GlossError(
                "invalid",
                "search.regex_timeout",
                `the regular expression did not finish within ${options.limitMs} ms; it probably backtracks (nested quantifiers such as (a+)+); simplify it`,
              ),
            );
          }, options.limitMs);
        });
        worker.once("message", resolve);
        worker.once("error", (error) =>
          reject(
            new GlossError(
              "invalid",
              "search.regex_failed",
              `the regular expression failed: ${error.message}`,
            ),
          ),
        );
      },
    );
    if (reply.tooMany) throw tooManyHits(options.maxHits);
    return reply.results ?? [];
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}

export function tooManyHits(maxHits: number): GlossError {
  return new GlossError(
    "invalid",
    "search.too_many_hits",
    `the search has more than ${maxHits} hits; narrow it with more words or a document filter`,
  );
}
