import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Broker, startBroker } from "./broker.ts";
import { type GlossProcess, spawnGloss } from "./process.ts";

/**
 * One local runtime (`npm start` without the build, sign-in off, no sample) for the browser test
 * files that only need a running Gloss, started on the first request for it; GET answers with
 * `{url, dataDir}`. Each file works in a workspace of its own there (`sharedRuntime` in
 * tests/e2e/support/runtime.ts). A runtime per file was seconds of a core each: its module graph
 * through tsx, its own dynalite and S3.
 */
export function startRuntimeBroker(): Promise<Broker> {
  return startBroker<{ gloss: GlossProcess; dataDir: string }>({
    async start() {
      const dataDir = await mkdtemp(join(tmpdir(), "gloss-e2e-shared-"));
      // The test workers' environment (vitest.config.ts `env`) is not this process's.
      const env = { GLOSS_NO_SAMPLE: "1", GLOSS_LOG: "silent", GLOSS_AUTH: undefined };
      const gloss = await spawnGloss(dataDir, env).catch(async (error: unknown) => {
        await rm(dataDir, { recursive: true, force: true });
        throw error;
      });
      return { gloss, dataDir };
    },
    describe: ({ gloss, dataDir }) => JSON.stringify({ url: gloss.url, dataDir }),
    async stop({ gloss, dataDir }) {
      gloss.signal("SIGTERM");
      await gloss.exited(10_000).catch(() => gloss.signal("SIGKILL"));
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}
