import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GlossProcess, spawnGloss } from "../support/process.ts";

// The local runtime keys its limits on the socket's address (tests/deployed covers the deployed
// shape, where the Router's viewer address is used): a client rotating X-Forwarded-For is still
// one client.
let gloss: GlossProcess;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "gloss-address-"));
  gloss = await spawnGloss(dataDir, { GLOSS_AUTH: "on", GLOSS_NO_SAMPLE: "1" });
}, 60_000);
afterAll(async () => {
  gloss?.signal("SIGTERM");
  await gloss?.exited(5_000).catch(() => gloss.signal("SIGKILL"));
  await rm(dataDir, { recursive: true, force: true });
});

it("limits sign-in code requests per client however X-Forwarded-For rotates", async () => {
  // 30 sign-in posts per address per 10 minutes (auth/issuer.ts): the 31st is refused.
  const statuses: number[] = [];
  for (let i = 0; i < 31; i++) {
    const res = await fetch(`${gloss.url}/email/authorize`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": `10.3.${i}.${i}`,
        "x-gloss-viewer-address": `10.4.${i}.${i}`,
      },
      body: new URLSearchParams({ email: `spray${i}@example.org`, action: "request" }).toString(),
      redirect: "manual",
    });
    statuses.push(res.status);
  }
  expect(statuses.slice(0, 30)).not.toContain(429);
  expect(statuses.at(-1)).toBe(429);
});
