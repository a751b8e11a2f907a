import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    // Each file gets its own table and bucket, so files run in parallel safely; 2 cores here.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { GLOSS_LOG: process.env.GLOSS_LOG ?? "silent" },
  },
});
