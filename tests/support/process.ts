import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

export interface GlossProcess {
  child: ChildProcess;
  /** http://localhost:<port> as the runtime printed it. */
  url: string;
  output: () => string;
  /** Sends a signal to the runtime's whole process group, as a terminal's Ctrl-C does. */
  signal: (signal: NodeJS.Signals) => void;
  /** Resolves with the exit code, or rejects after `withinMs`. */
  exited: (withinMs?: number) => Promise<number | null>;
}

/**
 * Starts the local runtime (`npm start` without the reader build) as its own process group on a
 * free port, with its data under `dataDir`, and waits until it serves.
 */
export async function spawnGloss(
  dataDir: string,
  env: Record<string, string | undefined> = {},
): Promise<GlossProcess> {
  const merged: NodeJS.ProcessEnv = { ...process.env, PORT: "0", GLOSS_DATA_DIR: dataDir, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  // Node itself with tsx's loader, as `npm start` runs it: no tsx CLI in front, whose signal relay
  // gives up after 30 ms on a busy machine and exits 130 instead of letting Gloss stop cleanly.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "packages/local/src/main.ts")],
    {
      cwd: ROOT,
      env: merged,
      // Its own process group, as a terminal gives a foreground job: signals reach node under tsx.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const url = await new Promise<string>((resolveUrl, reject) => {
    // Generous: a start is seconds when quiet, many times that at load 10 on 2 cores.
    const timer = setTimeout(() => reject(new Error(`not serving after 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Gloss is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? sig}) before serving:\n${output}`));
    });
  });
  const signal = (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  const exited = (withinMs = 10_000) =>
    new Promise<number | null>((resolveExit, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolveExit(child.exitCode);
      const timer = setTimeout(
        () => reject(new Error(`still running after ${withinMs} ms:\n${output}`)),
        withinMs,
      );
      child.once("exit", (code) => {
        clearTimeout(timer);
        resolveExit(code);
      });
    });
  return { child, url, output: () => output, signal, exited };
}
