import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BuildOptions, build, type Plugin } from "esbuild";
import type { FunctionDefinition } from "./infra.ts";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * SST's esbuild options for a Node.js function (pkg/runtime/node/build.go of the pinned CLI, as
 * bench/lambda also uses them): ESM, bundled, minified with names kept, module/main fields, the
 * createRequire banner, sharp and pg-native external, the AWS SDK bundled, the target from the
 * runtime, and `nodejs.splitting`/`nodejs.plugins` from the function's definition. The output is
 * the folder SST zips: `bundle.mjs` (and its chunks), run with that folder as the working
 * directory.
 */
export function sstBuildOptions(
  fn: Pick<FunctionDefinition, "handler" | "runtime" | "nodejs">,
  outdir: string,
  plugins: Plugin[],
): BuildOptions {
  const file = fn.handler.slice(0, fn.handler.lastIndexOf("."));
  const node = /^nodejs(\d+)/.exec(fn.runtime ?? "nodejs20.x")?.[1] ?? "20";
  return {
    entryPoints: [join(ROOT, `${file}.ts`)],
    outdir,
    entryNames: "bundle",
    outExtension: { ".js": ".mjs" },
    ...(fn.nodejs?.splitting ? { splitting: true } : {}),
    platform: "node",
    format: "esm",
    target: `node${node}`,
    bundle: true,
    minify: true,
    keepNames: true,
    mainFields: ["module", "main"],
    metafile: true,
    plugins,
    external: ["sharp", "pg-native"],
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        `const require = topLevelCreateRequire(import.meta.url);`,
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __filename = topLevelFileUrlToPath(import.meta.url)`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
      ].join("\n"),
    },
    logLevel: "silent",
  };
}

/** Every file a bundle can depend on: the workspaces' sources, the lockfile and infra's plugins. */
async function sourceHash(extra: string): Promise<string> {
  const hash = createHash("sha256").update(extra);
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "dist") await walk(path);
      } else if (/\.(ts|mjs|js|json)$/.test(entry.name)) {
        hash.update(relative(ROOT, path)).update(await readFile(path));
      }
    }
  };
  for (const ws of ["core", "functions", "local"]) await walk(join(ROOT, "packages", ws, "src"));
  hash.update(await readFile(join(ROOT, "package-lock.json")));
  for (const file of await readdir(join(ROOT, "infra"))) {
    if (file.endsWith(".mjs")) hash.update(await readFile(join(ROOT, "infra", file)));
  }
  return hash.digest("hex").slice(0, 16);
}

const CACHE = join(tmpdir(), "gloss-deployed-bundles");

/**
 * The folder SST would deploy for `fn`, built once per source state: later runs (and the other
 * test files of this run) reuse it from a temp directory keyed by the hash of every input.
 */
export async function bundleFunction(fn: FunctionDefinition): Promise<string> {
  const pluginPath = fn.nodejs?.plugins;
  const plugins: Plugin[] = pluginPath
    ? (await import(pathToFileURL(join(ROOT, pluginPath)).href)).default
    : [];
  // Functions with the same file and options share a bundle (Ingest and IngestFailed).
  const file = fn.handler.slice(0, fn.handler.lastIndexOf("."));
  const key = await sourceHash(JSON.stringify([file, fn.runtime, fn.nodejs]));
  const dir = join(CACHE, `${file.split("/").at(-1)}-${key}`);
  if (existsSync(join(dir, "bundle.mjs"))) return dir;
  const staging = `${dir}.${process.pid}.${Date.now()}`;
  await mkdir(staging, { recursive: true });
  await build(sstBuildOptions(fn, staging, plugins));
  // Another worker may have finished the same bundle meanwhile; either copy is the same.
  await rename(staging, dir).catch(() => rm(staging, { recursive: true, force: true }));
  return dir;
}
