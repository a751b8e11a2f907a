import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    // Each file gets its own table and bucket, so files run in parallel safely. Three workers on
    // 2 cores: much of a file's time is spent waiting on dynalite, s3rver and Chromium, and a
    // third worker fills it (534 s → 468 s for the whole suite, measured back to back).
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      GLOSS_LOG: process.env.GLOSS_LOG ?? "silent",
      // Node 20 is supported here (the Lambdas run 22); the SDK's notice about 2027 is noise in tests.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
  },
});
