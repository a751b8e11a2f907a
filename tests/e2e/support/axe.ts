import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/** One rule axe-core found broken, with where. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

let source: Promise<string> | null = null;

/** axe-core's browser build, read from node_modules (never a CDN). */
function axeSource(): Promise<string> {
  source ??= readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return source;
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules) on the page as it is now and returns the serious
 * and critical violations, each with the selectors of the elements that break it.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) {
    // Evaluated through the DevTools protocol: the app's CSP forbids inline scripts, rightly.
    await page.evaluate(await axeSource());
  }
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: AxeLike }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 8).map((n) => {
          const data = n.any[0]?.data as { fgColor?: string; bgColor?: string } | undefined;
          const colours = data?.fgColor ? ` (${data.fgColor} on ${data.bgColor})` : "";
          return n.target.join(" ") + colours;
        }),
      }));

    interface AxeLike {
      run(
        context: Document,
        options: unknown,
      ): Promise<{
        violations: Array<{
          id: string;
          impact: string | null;
          help: string;
          nodes: Array<{ target: string[]; any: Array<{ data: unknown }> }>;
        }>;
      }>;
    }
  });
}
