import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
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
 * in parallel workers, so a lock folder makes sure only one of them builds at a time.
 */
export async function buildWeb(): Promise<void> {
  const lock = join(tmpdir(), "gloss-web-build.lock");
  for (let waited = 0; ; waited += 200) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (waited > 120_000) throw new Error(`build lock ${lock} held for 2 minutes; remove it`);
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

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(url + path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  try {
    const me = await api<{ workspaces: Array<{ id: string }> }>("GET", "/api/me");
    return { ...runtime, workspaceId: me.workspaces[0]!.id, api };
  } catch (error) {
    await runtime.stop();
    throw error;
  }
}
