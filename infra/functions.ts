import { leastPrivilege } from "./permissions";

/**
 * What every Gloss function runs on: the current Node.js runtime of the pinned SST (its default),
 * Graviton (arm64: the same code, about 20 % cheaper per GB-second), and log groups that keep
 * three months instead of SST's one (long enough to investigate a report, short enough not to
 * hoard researchers' addresses).
 */
export const lambdaDefaults = {
  runtime: "nodejs24.x",
  architecture: "arm64",
  logging: { retention: "3 months" },
  // Explicit actions instead of the links' service wildcards (infra/permissions.ts).
  transform: { role: leastPrivilege },
} as const;
