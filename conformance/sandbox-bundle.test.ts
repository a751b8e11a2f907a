import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildOptions, build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { makePdf } from "../tests/ingest/fixtures.ts";
import { ROOT } from "../tests/support/process.ts";

/** One file of the bundle, from `entry`, bundled as SST does (not minified: a check, not a size). */
function bundleInto(dir: string, file: string, entry: Pick<BuildOptions, "stdin" | "entryPoints">) {
  return build({
    ...entry,
    outfile: join(dir, file),
    platform: "node",
    format: "esm",
    target: "node20",
    bundle: true,
    mainFields: ["module", "main"],
    external: ["sharp", "pg-native"],
    banner: {
      js: `import { createRequire as topLevelCreateRequire } from 'module';\nconst require = topLevelCreateRequire(import.meta.url);`,
    },
    logLevel: "error",
  });
}

/**
 * (A build check, so in the conformance step: bundling pdf.js twice takes tens of seconds.)
 * The ingest sandbox as a Lambda runs it: bundled by esbuild the way SST bundles a function
 * (ESM, platform node, one file plus the createRequire banner), with the worker emitted as its
 * own entry `sandbox-worker.mjs` beside the bundle — what the Lambda build must add.
 */
describe("the ingest sandbox, bundled", () => {
  let out = "";
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it("extracts in a worker started from the bundle's own folder, which a time limit can stop", async () => {
    out = await mkdtemp(join(tmpdir(), "gloss-bundle-"));
    await bundleInto(out, "bundle.mjs", {
      stdin: {
        contents: `export { extractIsolated } from "./packages/core/src/ingest/sandbox.ts";`,
        resolveDir: ROOT,
        loader: "ts",
        sourcefile: "entry.ts",
      },
    });
    await bundleInto(out, "sandbox-worker.mjs", {
      entryPoints: [join(ROOT, "packages/core/src/ingest/sandbox-worker.ts")],
    });
    const bundled = (await import(pathToFileURL(join(out, "bundle.mjs")).href)) as {
      extractIsolated: (
        bytes: Uint8Array,
        name: string,
        options?: { timeoutMs?: number },
      ) => Promise<{ text: string; pages: number[] | null }>;
    };
    const extracted = await bundled.extractIsolated(await makePdf(), "report.pdf");
    expect(extracted.text).toContain("monthly wage of 450 dollars");
    expect(extracted.pages).toHaveLength(3);
    // Only a worker can be stopped mid-extraction: a 1 ms limit proves one ran.
    await expect(
      bundled.extractIsolated(await makePdf(), "report.pdf", { timeoutMs: 1 }),
    ).rejects.toMatchObject({ code: "document.extraction_timeout" });
  }, 120_000);
});
