/**
 * The worker side of `sandbox.ts`: reads one file with the ordinary extractors inside a worker
 * thread, after the decompression limits, and posts back the result or the refusal. Imports only
 * what extraction needs, so bundlers can emit it as its own small entry point.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type ErrorKind, isGlossError } from "../error/index.ts";
import { extract } from "./extract.ts";
import { checkInflation } from "./inflation.ts";

export interface SandboxRequest {
  bytes: Uint8Array;
  fileName: string;
}

export type SandboxReply =
  | { ok: Awaited<ReturnType<typeof extract>> }
  | { refused: { kind: ErrorKind; code: string; message: string } }
  | { failed: string };

async function run({ bytes, fileName }: SandboxRequest): Promise<SandboxReply> {
  try {
    await checkInflation(bytes, fileName);
    return { ok: await extract(bytes, fileName) };
  } catch (error) {
    if (isGlossError(error)) {
      return { refused: { kind: error.kind, code: error.code, message: error.message } };
    }
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}

// `workerData` is the SandboxRequest `sandbox.ts` built (structured-cloned into this thread).
const request: SandboxRequest = workerData;
if (parentPort) parentPort.postMessage(await run(request));
