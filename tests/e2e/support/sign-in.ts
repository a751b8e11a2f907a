import { waitUntil } from "../../support/wait.ts";
import type { SignedOutRuntime } from "./runtime.ts";

/**
 * The newest sign-in code the runtime (`GLOSS_AUTH=on`) has printed for `email`, waiting for it
 * against a wall-clock deadline: the code is printed when the runtime gets to it, late on a
 * loaded machine.
 */
export async function signInCode(runtime: SignedOutRuntime, email: string): Promise<string> {
  const pattern = new RegExp(`Sign-in code for ${email.replace(/[.+]/g, "\\$&")}: (\\d{6})`, "g");
  const codes = await waitUntil(
    async () => [...runtime.output().matchAll(pattern)],
    (found) => found.length > 0,
    { what: `a sign-in code for ${email}`, withinMs: 30_000 },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\nin:\n${runtime.output()}`);
  });
  return codes[codes.length - 1]![1]!;
}
