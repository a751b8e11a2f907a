import { defineConfig } from "vitest/config";

/**
 * Files that need a fresh module graph of their own: they change `process.env` or stub it, load
 * the Lambda entries (which read `Resource` once), measure the process's memory, capture console
 * output, or run the browser, a runtime or a deployed stage. Everything else shares its worker's
 * modules with the files run before it (`isolate: false`): each file still gets its own table and
 * bucket, and importing the app's module graph again per file was most of a small API file's
 * time (an 18-file sample side by side: 80 → 49 s of CPU, 403 → 337 s wall under load).
 */
const ISOLATED = [
  "tests/e2e/**/*.test.ts",
  "tests/deployed/**/*.test.ts",
  "tests/runtime/**/*.test.ts",
  "tests/infra.test.ts",
  "tests/api/lambda.test.ts",
  "tests/api/lambda-streaming.test.ts",
  "tests/api/metrics.test.ts",
  "tests/auth/handover-and-keys.test.ts",
  "tests/core/anchor-long.test.ts",
  "tests/core/anchor-target.test.ts",
  "tests/exports/report.test.ts",
  "tests/ingest/bombs.test.ts",
  "tests/ingest/upload.test.ts",
  "tests/reliability/crash.test.ts",
  "tests/reliability/version-crash.test.ts",
  "tests/reliability/fuzz.test.ts",
  "tests/reliability/races.test.ts",
  "tests/bulk/code-job.test.ts",
  "tests/history/sweep.test.ts",
  "tests/search/shards-deployed.test.ts",
];

export default defineConfig({
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    // Each file gets its own table and bucket, so files run in parallel safely. Three workers on
    // 2 cores: much of a file's time is spent waiting on dynalite, s3rver and Chromium, and a
    // third worker fills it (534 s → 468 s for the whole suite, measured back to back).
    maxWorkers: 3,
    // Deadlines, not expectations of speed, so generous for a loaded shared machine: with 30 s,
    // ingest, export, backup and job tests timed out at load ~30 on 2 cores (each < 5 s quiet).
    testTimeout: 90_000,
    hookTimeout: 120_000,
    env: {
      GLOSS_LOG: process.env.GLOSS_LOG ?? "silent",
      // Node 20 is supported here (the Lambdas run 22); the SDK's notice about 2027 is noise in tests.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    projects: [
      { extends: true, test: { name: "isolated", include: ISOLATED } },
      {
        extends: true,
        test: {
          name: "shared",
          include: ["tests/**/*.test.ts"],
          exclude: ISOLATED,
          isolate: false,
        },
      },
    ],
  },
});
