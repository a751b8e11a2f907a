import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../exports/support.ts";
import { seriousViolations } from "./support/axe.ts";
import { failOnDialogs, waitForReader } from "./support/reader.ts";
import { type SignedOutRuntime, startRuntime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";
import { signInCode } from "./support/sign-in.ts";

/** A blind round with two coders signed in through GLOSS_AUTH=on, walked in the reader. */
let runtime: SignedOutRuntime;
let browser: Browser;
let page: Page;

const TEXT =
  "Workers said their passports were taken on arrival. The broker charged a fee of 450 dollars. Guards locked the dormitory at night.";

async function signIn(on: Page, email: string): Promise<void> {
  await on.getByRole("button", { name: "Sign in with email" }).click();
  await on.locator('input[name="email"]').fill(email);
  await on.getByRole("button", { name: "Send code" }).click();
  await on.locator('input[name="code"]').waitFor();
  await on.locator('input[name="code"]').fill(await signInCode(runtime, email));
  await on.getByRole("button", { name: "Sign in" }).click();
  await on.waitForURL(`${runtime.url}/`);
}

/** A JSON API call from a page, with its session cookie. */
// biome-ignore lint/suspicious/noExplicitAny: JSON from the API
function api(on: Page, method: string, path: string, body?: unknown): Promise<any> {
  return on.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(`/api${path}`, {
        method,
        headers: body ? { "content-type": "application/json" } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    { method, path, body },
  );
}

useBrowserSession(
  {
    viewport: { width: 1280, height: 900 },
    start: () => startRuntime({ signedOut: true, env: { GLOSS_AUTH: "on" } }),
  },
  (session) => {
    ({ runtime, browser, page } = session);
  },
);

describe("a blind coding round in the reader (GLOSS_AUTH=on)", () => {
  let ws: string;
  let roundId: string;
  const coders: Page[] = [];

  it("codes blind as two users, closes, reads κ/α, walks the disagreements and resolves one of each kind", async () => {
    const dialogs = failOnDialogs(page);
    await page.goto(runtime.url);
    await signIn(page, "owner@example.org");
    const me = await api(page, "GET", "/me");
    ws = me.body.workspaces[0].id;
    const doc = await api(page, "POST", `/workspaces/${ws}/documents`, {
      title: "Dormitory report",
      text: TEXT,
    });
    expect(doc.status).toBe(201);
    const userIds: string[] = [];
    for (const email of ["b@example.org", "c@example.org"]) {
      const invite = await api(page, "POST", `/workspaces/${ws}/invites`, { role: "editor" });
      const coder = await browser.newPage();
      coder.setDefaultTimeout(15_000);
      await coder.goto(runtime.url);
      await signIn(coder, email);
      const accepted = await api(coder, "POST", "/invites/accept", { token: invite.body.token });
      expect(accepted.status, JSON.stringify(accepted.body)).toBeLessThan(300);
      userIds.push(
        (await api(coder, "GET", "/me")).body.user?.id ?? (await api(coder, "GET", "/me")).body.id,
      );
      coders.push(coder);
    }
    const round = await api(page, "POST", `/workspaces/${ws}/rounds`, {
      documentIds: [doc.body.id],
      coderIds: userIds,
      tagIds: ["forced-labour"],
      blind: true,
    });
    expect(round.status, JSON.stringify(round.body)).toBe(201);
    roundId = round.body.id;
    // B codes sentences 1 and 2, C sentence 1 and "450 dollars." (under half of sentence 2, so
    // not coding it): one disagreement, where both coders have a passage.
    const sentences = TEXT.match(/[^.]+\./g)!.map((s) => s.trim());
    const picks: [Page, string][] = [
      [coders[0]!, sentences[0]!],
      [coders[0]!, sentences[1]!],
      [coders[1]!, sentences[0]!],
      [coders[1]!, "450 dollars."],
    ];
    for (const [coder, exact] of picks) {
      const start = TEXT.indexOf(exact);
      const made = await api(
        coder,
        "POST",
        `/workspaces/${ws}/documents/${doc.body.id}/annotations`,
        {
          start,
          end: start + exact.length,
          exact,
          tags: ["forced-labour"],
        },
      );
      expect(made.status).toBe(201);
    }
    // Blind: C sees only their own passages, and the round page says agreement waits.
    const seen = await api(
      coders[1]!,
      "GET",
      `/workspaces/${ws}/documents/${doc.body.id}/annotations`,
    );
    expect(seen.body.items).toHaveLength(2);
    // Signed in before the invitation: reload so the workspace switcher lists the team's.
    await coders[1]!.reload();
    await coders[1]!.getByLabel("Workspace").selectOption(ws);
    await coders[1]!.goto(`${runtime.url}/rounds/${roundId}`);
    await coders[1]!.getByText("agreement appears when the owner closes it").waitFor();

    // The owner closes the round and reads κ and α.
    await page.goto(`${runtime.url}/rounds/${roundId}`);
    await page.getByRole("button", { name: "Close the round" }).click();
    await page.getByText(/round, closed on/).waitFor();
    await page.getByTestId("alpha-forced-labour").waitFor();
    // B = 1 1 0, C = 1 0 0 on three sentences: α = 1 − 5·2/(2·3·3) = 0.444; κ = (2/3 − 4/9)/(5/9) = 0.4.
    expect(await page.getByTestId("alpha-forced-labour").textContent()).toBe("0.444");
    expect(await page.getByTestId("kappa-forced-labour").first().textContent()).toBe("0.400");
    expect(await seriousViolations(page)).toEqual([]);

    // Walk the disagreements with j/k and adopt B's passage.
    await page.locator("body").press("j");
    await page.locator("body").press("k");
    const current = page.getByTestId("current-disagreement");
    await current.getByText("The broker charged a fee of 450 dollars.").first().waitFor();
    await current
      .getByRole("button", { name: /^Adopt .*’s passage$/ })
      .first()
      .click();
    await page.getByText("Adopted into the consensus layer.").waitFor();
    await page.getByText("Consensus layer (1)").waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Merge: choose both coders' passages (by keyboard) and merge them into their union span.
    const choices = current.getByRole("checkbox", { name: /^Choose .*’s passage$/ });
    expect(await choices.count()).toBe(2);
    for (const i of [0, 1]) {
      await choices.nth(i).focus();
      await page.keyboard.press("Space");
    }
    const merge = current.getByRole("button", { name: "Merge the chosen passages" });
    await merge.focus();
    await page.keyboard.press("Enter");
    await page.getByText("Merged into the consensus layer.").waitFor();
    await page.getByText("Consensus layer (2)").waitFor();

    // Write: select "450 dollars" in the consensus lane with the keyboard, keep the code, write.
    const lane = current.getByRole("textbox", { name: "Consensus text" });
    const laneText = await lane.inputValue();
    expect(laneText).toBe(sentences[1]);
    await lane.focus();
    await page.keyboard.press("Control+Home");
    for (let i = 0; i < laneText.indexOf("450"); i++) await page.keyboard.press("ArrowRight");
    for (let i = 0; i < "450 dollars".length; i++) await page.keyboard.press("Shift+ArrowRight");
    await current.getByRole("button", { name: "Write the consensus passage" }).click();
    await page.getByText("Written into the consensus layer.").waitFor();
    await page.getByText("Consensus layer (3)").waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const consensus = await api(page, "GET", `/workspaces/${ws}/rounds/${roundId}/consensus`);
    const byKind = Object.fromEntries(
      consensus.body.items.map((p: { resolution: string }) => [p.resolution, p]),
    );
    expect(Object.keys(byKind).sort()).toEqual(["adopt", "merge", "write"]);
    expect(byKind.adopt).toMatchObject({ layer: "consensus", exact: sentences[1] });
    expect(byKind.merge).toMatchObject({ exact: sentences[1], tags: ["forced-labour"] });
    expect(byKind.merge.resolvedFrom).toHaveLength(2);
    expect(byKind.write).toMatchObject({ exact: "450 dollars", tags: ["forced-labour"] });
    // The coders' passages are untouched.
    const all = await api(page, "GET", `/workspaces/${ws}/documents/${doc.body.id}/annotations`);
    expect(all.body.items).toHaveLength(4);
    for (const coder of coders) await coder.close();
    expect(dialogs).toEqual([]);
  }, 180_000);

  it("opens a consensus passage's passage_url from an export in the reader, on its words", async () => {
    const consensus = await api(page, "GET", `/workspaces/${ws}/rounds/${roundId}/consensus`);
    const written = consensus.body.items.find(
      (p: { resolution: string }) => p.resolution === "write",
    );
    const csv = await page.evaluate(
      async (path) => (await fetch(path)).text(),
      `/api/workspaces/${ws}/exports/extracts.csv?layer=consensus`,
    );
    const row = parseCsv(csv).find((r) => r.annotation_id === written.id);
    expect(row?.passage_url).toContain(`#ann=${written.id}`);
    const url = new URL(row!.passage_url!);
    await page.goto("about:blank");
    await page.goto(`${runtime.url}${url.pathname}${url.hash}`);
    await waitForReader(page);
    await page.waitForFunction(() => window.getSelection()?.toString() === "450 dollars");
    expect(new URL(page.url()).hash).toBe(`#at=${written.start}-${written.end}`);
    expect(await page.getByText("no longer exists in this document").count()).toBe(0);
  }, 60_000);

  it("withdraws a consensus passage after a confirmation, keeping the others", async () => {
    const dialogs = failOnDialogs(page);
    await page.goto(`${runtime.url}/rounds/${roundId}`);
    await page.getByText("Consensus layer (3)").waitFor();
    await page
      .getByRole("button", { name: "Withdraw the consensus passage “450 dollars”" })
      .click();
    const confirm = page.getByRole("dialog", { name: "Withdraw this consensus passage?" });
    await confirm.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await confirm.getByRole("button", { name: "Withdraw passage" }).click();
    await page.getByText("Withdrawn from the consensus layer.").waitFor();
    await page.getByText("Consensus layer (2)").waitFor();
    const left = await api(page, "GET", `/workspaces/${ws}/rounds/${roundId}/consensus`);
    expect(left.body.items.map((p: { resolution: string }) => p.resolution).sort()).toEqual([
      "adopt",
      "merge",
    ]);
    expect(dialogs).toEqual([]);
  }, 60_000);

  it("tells the quote of a consensus passage a new version lost, and never places it", async () => {
    const consensus = await api(page, "GET", `/workspaces/${ws}/rounds/${roundId}/consensus`);
    const adopted = consensus.body.items.find(
      (p: { resolution: string }) => p.resolution === "adopt",
    );
    const revised = TEXT.replace(`${adopted.exact} `, "");
    const version = await api(
      page,
      "POST",
      `/workspaces/${ws}/documents/${adopted.documentId}/versions`,
      { text: revised },
    );
    expect(version.status, JSON.stringify(version.body)).toBe(201);
    await page.goto("about:blank");
    await page.goto(`${runtime.url}/w/${ws}/d/${adopted.documentId}#ann=${adopted.id}`);
    await waitForReader(page);
    await page.getByText(`not in the current version of the text: “${adopted.exact}”`).waitFor();
    expect(new URL(page.url()).hash).toBe(`#consensus=${adopted.id}`);
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? "")).toBe("");
  }, 60_000);
});
