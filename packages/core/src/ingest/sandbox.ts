import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { GlossError } from "../error/index.ts";
import { type WorkerEntry, workerEntry } from "../thread/worker-entry.ts";
import { detectFormat } from "./detect.ts";
import { type Extracted, extract } from "./extract.ts";
import { checkInflation } from "./inflation.ts";
import type { SandboxReply, SandboxRequest } from "./sandbox-worker.ts";

/**
 * Reads PDF, Word and HTML files in a worker thread with a heap limit and a wall-clock limit, so
 * a file that makes an extractor run away (deep layouts, pathological XML, a stream that passed
 * the decompression limits but is still huge) is stopped without blocking other requests served
 * by the same process or taking it down: the worker is terminated and the upload refused.
 * Plain text and Markdown are read in place (linear and cheap).
 *
 * Where the worker runs from: beside this module as `sandbox-worker.ts` when running from source
 * (loaded through tsx), and as `sandbox-worker.mjs` beside the bundle when bundled (the bundler
 * must emit `packages/core/src/ingest/sandbox-worker.ts` as an extra entry with that name);
 * `GLOSS_SANDBOX_WORKER` may name the file. Without one, extraction runs in place, still behind
 * the decompression limits.
 */
export interface SandboxOptions {
  /** Wall-clock limit for one file (default `GLOSS_EXTRACT_TIMEOUT_MS`, else 60 s). */
  timeoutMs?: number;
  /** Heap limit of the worker (default `GLOSS_EXTRACT_MEMORY_MB`, else 1024 MB). */
  memoryMb?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MEMORY_MB = 1024;

function numberFromEnv(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * What to start the worker with, or null when it is not available: `GLOSS_SANDBOX_WORKER` when
 * set, else the worker module beside this one (thread/worker-entry.ts says how).
 */
function sandboxEntry(): WorkerEntry | null {
  const configured = process.env.GLOSS_SANDBOX_WORKER;
  if (configured) return existsSync(configured) ? { source: configured, eval: false } : null;
  return workerEntry(import.meta.url, "./sandbox-worker.ts", "./sandbox-worker.mjs");
}

let warned = false;

/** `extract`, isolated: the canonical text of an uploaded file, or a 4xx refusal. */
export async function extractIsolated(
  bytes: Uint8Array,
  fileName: string,
  options: SandboxOptions = {},
): Promise<Extracted> {
  const format = detectFormat(bytes, fileName);
  if (format !== "pdf" && format !== "docx" && format !== "html") return extract(bytes, fileName);
  const entry = sandboxEntry();
  if (!entry) {
    if (!warned) {
      warned = true;
      console.warn("ingest sandbox worker not found: extracting in place");
    }
    await checkInflation(bytes, fileName);
    return extract(bytes, fileName);
  }
  const timeoutMs =
    options.timeoutMs ?? numberFromEnv("GLOSS_EXTRACT_TIMEOUT_MS") ?? DEFAULT_TIMEOUT_MS;
  const memoryMb =
    options.memoryMb ?? numberFromEnv("GLOSS_EXTRACT_MEMORY_MB") ?? DEFAULT_MEMORY_MB;
  // A copy the worker owns: the caller's bytes stay usable (they are also stored as the original).
  const copy = bytes.slice();
  const request: SandboxRequest = { bytes: copy, fileName };
  const worker = new Worker(entry.source, {
    eval: entry.eval,
    workerData: request,
    transferList: [copy.buffer],
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 64 },
    stdout: false,
    stderr: false,
  });
  const reply = await new Promise<SandboxReply | GlossError>((resolve) => {
    const timer = setTimeout(() => {
      resolve(
        new GlossError(
          "invalid",
          "document.extraction_timeout",
          `reading "${fileName}" took longer than ${Math.round(timeoutMs / 1000)} s; it cannot be read`,
        ),
      );
      void worker.terminate();
    }, timeoutMs);
    const done = (value: SandboxReply | GlossError) => {
      clearTimeout(timer);
      resolve(value);
    };
    worker.once("message", (message: SandboxReply) => done(message));
    worker.once("error", (error: Error & { code?: string }) =>
      done(
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new GlossError(
              "too_large",
              "document.extraction_too_large",
              `reading "${fileName}" needs more than ${memoryMb} MB of memory; it cannot be read`,
            )
          : { failed: error.message },
      ),
    );
    worker.once("exit", (code) =>
      done({ failed: `the extraction worker stopped (exit code ${code})` }),
    );
  });
  void worker.terminate();
  if (reply instanceof GlossError) throw reply;
  if ("ok" in reply) return reply.ok;
  if ("refused" in reply) {
    throw new GlossError(reply.refused.kind, reply.refused.code, reply.refused.message);
  }
  // Anything else is the extractor failing on a file it could not parse.
  throw new GlossError(
    "invalid",
    "document.unreadable",
    `"${fileName}" could not be read: ${reply.failed}`,
  );
}
