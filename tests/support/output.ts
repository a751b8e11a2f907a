/**
 * Every non-empty line the process writes to stdout and stderr while `run` runs, as a log agent
 * reads them (the logger writes through its own console, so the streams are what is captured).
 */
export async function captured(run: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  const capture = ((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split("\n")) if (line.trim()) lines.push(line);
    return true;
  }) as typeof process.stdout.write;
  const previous = process.env.GLOSS_LOG;
  process.env.GLOSS_LOG = "info";
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    await run();
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    process.env.GLOSS_LOG = previous;
  }
  return lines;
}

/** The JSON lines among captured ones, parsed. */
export const jsonLines = (lines: string[]): Record<string, unknown>[] =>
  lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
