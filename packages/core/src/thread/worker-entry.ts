import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** What `new Worker` starts: a file, or (`eval`) a script given as text. */
export interface WorkerEntry {
  source: string;
  eval: boolean;
}

/**
 * How to start the worker module `source` (a `.ts` file beside `base`, the caller's
 * `import.meta.url`): from source, a small script that registers tsx's loader in the worker first
 * (a worker does not inherit the loader of `node --import tsx`, and `execArgv` hooks do not reach
 * it either); bundled, the file `bundled` beside the bundle. Null when the bundled file is missing.
 */
export function workerEntry(base: string, source: string, bundled: string): WorkerEntry | null {
  if (base.endsWith(".ts")) {
    const worker = new URL(source, base).href;
    // tsx's ESM API (its `import` condition; `require.resolve` names the CommonJS twin).
    const api = createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs");
    const tsx = pathToFileURL(api).href;
    return {
      source: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })`,
      eval: true,
    };
  }
  const file = fileURLToPath(new URL(bundled, base));
  return existsSync(file) ? { source: file, eval: false } : null;
}
