import { existsSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

/**
 * The standards' own conformance material (`../shared/standards` beside the clone, or
 * `GLOSS_STANDARDS_DIR`). Throws with what to do when it is absent: a conformance run without
 * it must fail loudly, never pass by skipping.
 */
export function standardsDir(): string {
  const dir = process.env.GLOSS_STANDARDS_DIR ?? resolve(root, "../shared/standards");
  if (
    !existsSync(resolve(dir, "refi-qda")) ||
    !existsSync(resolve(dir, "w3c-web-annotation-tests"))
  ) {
    throw new Error(
      `conformance: the standards folder is missing at ${dir}; put shared/standards beside the clone or set GLOSS_STANDARDS_DIR`,
    );
  }
  return dir;
}
