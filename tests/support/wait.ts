export interface WaitOptions {
  /** What is awaited, for the error when it never comes. */
  what: string;
  /** Wall-clock deadline: generous, since a loaded machine (load 10 on 2 cores) is slow. */
  withinMs?: number;
  /** Pause between reads. */
  everyMs?: number;
}

/**
 * Reads `read` until `done` holds for what it gave and returns that value; fails with the last
 * value once `withinMs` of wall-clock time has passed. A condition with a deadline, in place of
 * a fixed sleep (too short under load, needlessly long when quiet) or a fixed number of polls
 * (whose real duration grows and shrinks with the machine's load).
 */
export async function waitUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { what, withinMs = 60_000, everyMs = 50 }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${withinMs} ms; last: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
