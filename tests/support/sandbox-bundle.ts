import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { ROOT } from "./process.ts";

export interface SandboxBundle {
  /** The bundled `sandbox-worker.mjs`, for `GLOSS_SANDBOX_WORKER`. */
  file: string;
  remove(): Promise<void>;
}

/**
 * Bundles the ingest sandbox's worker once for the test run. From source, every extraction's
 * worker thread registers tsx and loads the worker's TypeScript graph through it again (about half
 * a second of a core per PDF, Word or HTML upload); the bundle is plain ESM that node loads
 * itself. Packages stay external (pdf.js is not bundled: that takes tens of seconds), so the file
 * lives under node_modules/.cache, from where they resolve as they do from the sources. The
 * from-source worker keeps its own test (tests/ingest/bombs.test.ts), and the Lambda's bundle
 * its conformance check (conformance/sandbox-bundle.test.ts).
 */
export async function bundleSandboxWorker(): Promise<SandboxBundle> {
  const cache = join(ROOT, "node_modules/.cache");
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(join(cache, "gloss-sandbox-"));
  const file = join(dir, "sandbox-worker.mjs");
  await build({
    entryPoints: [join(ROOT, "packages/core/src/ingest/sandbox-worker.ts")],
    outfile: file,
    platform: "node",
    format: "esm",
    target: "node20",
    bundle: true,
    packages: "external",
    logLevel: "error",
  });
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}
