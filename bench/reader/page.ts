/** What the reader benchmarks do on a page of Gloss's reader, and read from its marks. */
import type { Page } from "playwright-core";

/** Milliseconds from the last `from` mark to the last `to` mark; NaN when either is missing. */
export const between = (page: Page, from: string, to: string) =>
  page.evaluate(
    ([a, b]) => {
      const start = performance.getEntriesByName(a!).at(-1);
      const end = performance.getEntriesByName(b!).at(-1);
      return start && end ? end.startTime - start.startTime : Number.NaN;
    },
    [from, to],
  );

/**
 * Creates one annotation through the popover (select a sentence, t, pick a code, Enter) and
 * waits until the server has saved it and its highlight is visible; then times both from the
 * create's start.
 */
export async function createPassage(page: Page): Promise<{ visibleMs: number; savedMs: number }> {
  await page.keyboard.press("s");
  await page.keyboard.press("t");
  await page.locator(".popover").waitFor();
  await page.keyboard.type("corr");
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    () => performance.getEntriesByName("gloss:create-saved").length > 0,
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForFunction(() => performance.getEntriesByName("gloss:create-visible").length > 0);
  return {
    visibleMs: await between(page, "gloss:create-start", "gloss:create-visible"),
    savedMs: await between(page, "gloss:create-start", "gloss:create-saved"),
  };
}

/** Deletes the focused annotation (the one just created), so every run sees the same document. */
export async function deleteFocused(page: Page): Promise<void> {
  await page.locator(".ann-card.focused").getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Delete annotation" }).click();
  await page.locator(".ann-card.focused").waitFor({ state: "detached" });
}
