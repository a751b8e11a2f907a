import { spawnSync } from "node:child_process";

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a consumer's tool (xmllint, python3) with input on stdin; never through a shell. */
export function runTool(command: string, args: string[], input?: string | Buffer): ToolResult {
  const result = spawnSync(command, args, {
    input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(
      `conformance: cannot run ${command} (${result.error.message}); .ci/run installs it`,
    );
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
