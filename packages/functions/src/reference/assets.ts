import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * Scalar's standalone browser bundle, read from disk once per process. Locally (and in tests) it
 * comes from the installed package; in the Lambda bundle node_modules is gone, so infra copies the
 * file next to the handler (`copyFiles` in infra/api.ts, to `reference/standalone.js`) and
 * LAMBDA_TASK_ROOT finds it there.
 */
export const BUNDLED_PATH = "reference/standalone.js";

function candidates(): string[] {
  const out: string[] = [];
  const root = process.env.LAMBDA_TASK_ROOT;
  if (root) out.push(join(root, BUNDLED_PATH));
  try {
    const main = createRequire(import.meta.url).resolve("@scalar/api-reference");
    out.push(join(dirname(main), "browser/standalone.js"));
  } catch {
    // Not installed beside this code (the Lambda bundle): only the copied file can serve.
  }
  return out;
}

export interface ReferenceScript {
  body: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
}

let cached: ReferenceScript | null | undefined;

/** The bundle and its gzip form, or null when neither location holds it. */
export function referenceScript(): ReferenceScript | null {
  if (cached !== undefined) return cached;
  cached = null;
  for (const path of candidates()) {
    try {
      // Copies into plain ArrayBuffers, the body type Hono's Response accepts.
      const body = new Uint8Array(readFileSync(path));
      cached = { body, gzip: new Uint8Array(gzipSync(body)) };
      break;
    } catch {
      // Try the next location.
    }
  }
  return cached;
}
