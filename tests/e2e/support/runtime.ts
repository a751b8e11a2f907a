import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { inject } from "vitest";
import { spawnGloss } from "../../support/process.ts";

export const root = resolve(import.meta.dirname, "../../..");
const webDir = join(root, "packages/web");

/** The local runtime (`npm start` without the build), on a free port with its own data folder. */
export interface Runtime {
  url: string;
  dataDir: string;
  /** The workspace the reader uses: the local owner's first. */
  workspaceId: string;
  /** Calls the API; throws on an error status. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Everything the runtime has printed so far (sign-in codes, among others). */
  output(): string;
  stop(): Promise<void>;
}

/** A runtime whose API needs a session (`GLOSS_AUTH=on`): no workspace is known up front. */
export type SignedOutRuntime = Omit<Runtime, "workspaceId" | "api">;

export interface RuntimeOptions {
  /** Keep the sample document the runtime seeds a new data folder with. */
  sample?: boolean;
  /** More environment for the runtime (`undefined` removes a variable). */
  env?: Record<string, string | undefined>;
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * Builds the reader into packages/web/dist unless dist is newer than its sources. Test files run
 * in parallel workers, so a lock folder makes sure only one of them builds at a time. The lock is
 * this checkout's own (other checkouts on the machine build their own dist), and waited on
 * against the clock: a build on a loaded machine takes minutes.
 */
export async function buildWeb(): Promise<void> {
  const checkout = createHash("sha256").update(webDir).digest("hex").slice(0, 12);
  const lock = join(tmpdir(), `gloss-web-build-${checkout}.lock`);
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`build lock ${lock} held for 5 minutes; remove it`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const built = await stat(join(webDir, "dist/index.html")).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    const sources = Math.max(
      ...(await Promise.all(
        ["src", "index.html", "vite.config.ts", "public", "package.json"].map((p) =>
          newestMtime(join(webDir, p)).catch(() => 0),
        ),
      )),
    );
    if (built > sources) return;
    await promisify(execFile)("npm", ["run", "build", "-w", "@gloss/web"], { cwd: root });
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * A workspace of its own in the run's one shared local runtime (tests/support/runtime-server.ts),
 * for a file that only needs a running, signed-in Gloss: no environment of its own, no output,
 * no restart. The reader opens in that workspace when the page starts from `WORKSPACE_STORAGE`
 * (tests/e2e/support/session.ts does). Outside vitest, or with `GLOSS_OWN_RUNTIME=1`, a runtime
 * of its own is started instead.
 */
export async function sharedRuntime(name: string): Promise<Runtime> {
  const broker = process.env.GLOSS_OWN_RUNTIME === "1" ? undefined : runtimeBrokerUrl();
  if (!broker) return startRuntime();
  const reply = await fetch(broker);
  if (!reply.ok) throw new Error(`shared runtime did not start: ${await reply.text()}`);
  const { url, dataDir } = (await reply.json()) as { url: string; dataDir: string };
  const api = apiOf(url);
  const workspace = await api<{ id: string }>("POST", "/api/workspaces", { name });
  return {
    url,
    dataDir,
    workspaceId: workspace.id,
    api,
    output() {
      throw new Error(
        "the shared runtime's output is not a file's own: start a runtime of its own",
      );
    },
    // The runtime outlives the file; its workspace is left (nothing else reads it).
    async stop() {},
  };
}

function runtimeBrokerUrl(): string | undefined {
  try {
    return inject("runtimeBroker");
  } catch {
    return undefined; // not in a vitest worker
  }
}

/** The localStorage key the reader keeps its chosen workspace under (packages/web api/workspace.ts). */
export const WORKSPACE_STORAGE = "gloss:workspace";

/** Calls the API of the runtime at `url`; throws on an error status. */
function apiOf(url: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(url + path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/**
 * Starts `packages/local/src/main.ts` as a child process and waits for its address. Signed in
 * (the default), it also looks up the local owner's workspace for `api` calls.
 */
export async function startRuntime(
  options?: RuntimeOptions & { signedOut?: false },
): Promise<Runtime>;
export async function startRuntime(
  options: RuntimeOptions & { signedOut: true },
): Promise<SignedOutRuntime>;
export async function startRuntime(
  options: RuntimeOptions & { signedOut?: boolean } = {},
): Promise<Runtime | SignedOutRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), "gloss-e2e-"));
  const gloss = await spawnGloss(dataDir, {
    ...(options.sample ? {} : { GLOSS_NO_SAMPLE: "1" }),
    ...options.env,
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const { url, output } = gloss;
  const runtime: SignedOutRuntime = {
    url,
    dataDir,
    output,
    async stop() {
      gloss.signal("SIGTERM");
      await gloss.exited(5_000).catch(() => gloss.signal("SIGKILL"));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  if (options.signedOut) return runtime;

  const api = apiOf(url);
  try {
    const me = await api<{ workspaces: Array<{ id: string }> }>("GET", "/api/me");
    return { ...runtime, workspaceId: me.workspaces[0]!.id, api };
  } catch (error) {
    await runtime.stop();
    throw error;
  }
}
