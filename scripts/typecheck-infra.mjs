// Type-checks sst.config.ts and infra/ without AWS credentials. The SST globals (`sst`, `$app`,
// `$config`) are declared in .sst/platform, which `sst install` writes from the CLI's embedded
// copy of the platform plus npm packages (so it needs the npm registry, not AWS); deploys
// regenerate it, so it is only installed when missing.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const platformTypes = join(root, ".sst", "platform", "config.d.ts");

/** Runs a command from the repo root with inherited output and returns its exit code. */
function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...env },
    // npx is a .cmd shim on Windows, which spawn only finds through a shell.
    shell: process.platform === "win32",
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (!existsSync(platformTypes)) {
  console.log("typecheck:infra: .sst/platform missing, running `sst install` (about a minute)");
  const code = run("npx", ["sst", "install", "--stage", "ci"], {
    SST_SKIP_DEPENDENCY_CHECK: "1",
    SST_NO_BUN: "1",
    SST_TELEMETRY_DISABLED: "1",
  });
  if (code !== 0 || !existsSync(platformTypes)) {
    console.error(
      `typecheck:infra: \`sst install\` did not produce ${platformTypes}; it needs the npm registry`,
    );
    process.exit(code || 1);
  }
}

process.exit(run("npx", ["tsc", "-p", "tsconfig.infra.json"]));
