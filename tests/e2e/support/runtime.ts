import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

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
  stop(): Promise<void>;
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

/** Starts `packages/local/src/main.ts` as a child process and waits for its address. */
export async function startRuntime(options: { sample?: boolean } = {}): Promise<Runtime> {
  const dataDir = await mkdtemp(join(tmpdir(), "gloss-e2e-"));
  const child: ChildProcess = spawn(
    join(root, "node_modules/.bin/tsx"),
    [join(root, "packages/local/src/main.ts")],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: "0",
        GLOSS_DATA_DIR: dataDir,
        ...(options.sample ? {} : { GLOSS_NO_SAMPLE: "1" }),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Gloss is running at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited with ${code}:\n${output}`));
    });
  });

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
  const me = await api<{ workspaces: Array<{ id: string }> }>("GET", "/api/me");

  return {
    url,
    dataDir,
    workspaceId: me.workspaces[0]!.id,
    api,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
