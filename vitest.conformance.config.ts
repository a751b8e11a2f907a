import { defineConfig } from "vitest/config";

// The conformance step of `.ci/run`: exports checked by the consumers' own tools (xmllint against
// the REFI-QDA schemas, the W3C Web Annotation suite's assertions, Python's csv and pandas).
// It needs `../shared/standards` and those tools, so it is not part of `npm test`.
export default defineConfig({
  test: {
    include: ["conformance/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      GLOSS_LOG: process.env.GLOSS_LOG ?? "silent",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
  },
});
