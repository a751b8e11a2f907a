import type { TestApp } from "../support/app.ts";
import { annotate, expectStatus, makeDocument, tagsPath } from "../support/data.ts";
import { HOSTILE_TEXT } from "./support.ts";

/** A workspace with everything a project carries: notes, links, Arabic, emoji, nested-looking codes. */
export async function refiCorpus(t: TestApp) {
  const doc = await makeDocument(t, {
    title: "Broker & <partners> report 🙂",
    text: HOSTILE_TEXT,
    sourceUrl: "https://example.org/report",
  });
  const other = await makeDocument(t, { title: "تقرير الشرطة" });
  expectStatus(
    await t.call("POST", tagsPath(t), {
      label: "Detention › Pre-trial",
      color: "#336699",
      description: "Held before any trial; a child of Arbitrary detention in the team's tree",
    }),
    201,
  );
  const broker = await annotate(t, doc.id, "said the broker", {
    tags: ["trafficking", "deceptive-recruitment"],
    note: 'Broker named "Ko" & <others>\nsecond line 🙂',
  });
  const police = await annotate(t, doc.id, "الشرطة احتجزت", {
    tags: ["arbitrary-detention", "detention-pre-trial"],
  });
  const noteOnly = await annotate(t, doc.id, "Pay 450 dollars", {
    tags: [],
    note: "Debt bondage?",
  });
  const passport = await annotate(t, other.id, "collected every passport", {
    tags: ["forced-labour"],
  });
  for (const [fromId, toId, relation, note] of [
    [broker.id, passport.id, "corroborates", "Same broker, two sources"],
    [police.id, noteOnly.id, "same-incident", undefined],
  ] as const) {
    expectStatus(
      await t.call("POST", `/api/workspaces/${t.workspaceId}/links`, {
        fromId,
        toId,
        relation,
        ...(note ? { note } : {}),
      }),
      201,
    );
  }
}
