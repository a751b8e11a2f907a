/**
 * `npm run bench:attributes`: findings by attribute over N passages (100,000 by default;
 * GLOSS_BENCH_PASSAGES to change) in 200 documents spread over 5 countries: findings.json's
 * computation (loadFindings) unfiltered, filtered by `attr.country`, and findings-attributes.csv
 * through ExportSource, each timed (median of 3) with the DynamoDB requests it made. Seeded fresh
 * under bench/results/data-attributes/.
 */
import { join } from "node:path";
import * as Attribute from "@gloss/core/attribute";
import * as Document from "@gloss/core/document";
import * as Export from "@gloss/core/export";
import { loadFindings } from "@gloss/core/findings";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { finish, RESULTS, type Row } from "../lib/report.ts";
import { annotateInBulk, pool } from "../lib/seed.ts";
import { openStorage } from "../lib/services.ts";
import { median, since } from "../lib/stats.ts";

const PASSAGES = Number(process.env.GLOSS_BENCH_PASSAGES ?? 100_000);
const DOCUMENTS = 200;
const COUNTRIES = ["Cambodia", "Myanmar", "Thailand", "Laos", "Philippines"];
const CODES = ["forced-labour", "trafficking", "arbitrary-detention", "corruption", "torture"];
const TEXT = Array.from(
  { length: 60 },
  (_, i) => `Paragraph ${i} of a field report on recruitment.`,
).join("\n\n");

export async function run() {
  const { services, ctx } = await openStorage(join(RESULTS, "data-attributes"), { fresh: true });
  let requests = 0;
  ctx.db.middlewareStack.add(
    (next) => async (args) => {
      requests++;
      return next(args);
    },
    { step: "initialize", name: "countRequests" },
  );
  try {
    const owner = User.LOCAL_OWNER;
    const ws = await Workspace.create(ctx, owner, { name: "Attribute bench" });
    await Attribute.addStarterSet(ctx, ws.id);
    const documents: string[] = [];
    for (let i = 0; i < DOCUMENTS; i++) {
      const d = await Document.create(ctx, ws.id, owner.id, { title: `Report ${i}`, text: TEXT });
      await Document.update(ctx, ws.id, d.id, {
        attributes: {
          country: COUNTRIES[i % COUNTRIES.length]!,
          "publication-year": 2015 + (i % 10),
        },
        version: d.version,
      });
      documents.push(d.id);
    }
    const per = PASSAGES / DOCUMENTS;
    await pool(documents, 4, async (id) => {
      const passages = Array.from({ length: per }, (_, k) => {
        const start = (k * 7) % (TEXT.length - 20);
        return { start, end: start + 12, tags: [CODES[k % CODES.length]!], note: "" };
      });
      await annotateInBulk(ctx, ws.id, id, TEXT, passages);
    });
    const measure = async (what: string, work: () => Promise<unknown>) => {
      const times: number[] = [];
      let reads = 0;
      for (let i = 0; i < 3; i++) {
        requests = 0;
        const start = performance.now();
        await work();
        times.push(since(start));
        reads = requests;
      }
      console.log(`  ${what}: ${times.map((t) => t.toFixed(0)).join(", ")} ms, ${reads} requests`);
      return [
        { suite: "attributes", measure: `${what}: time`, value: median(times), unit: "ms" },
        { suite: "attributes", measure: `${what}: DynamoDB requests`, value: reads, unit: "count" },
      ] satisfies Row[];
    };
    const n = `${PASSAGES / 1000}k passages`;
    const rows: Row[] = [
      ...(await measure(`findings.json, ${n}, no filter`, () => loadFindings(ctx, ws.id, {}))),
      ...(await measure(`findings.json, ${n}, attr.country=Cambodia`, () =>
        loadFindings(ctx, ws.id, { attributes: { country: "Cambodia" } }),
      )),
      ...(await measure(`findings-attributes.csv, ${n}`, async () => {
        const source = await new Export.ExportSource(ctx, {
          workspaceId: ws.id,
          filter: {},
          origin: "",
        }).prepare();
        for await (const _ of Export.findingsAttributesCsvExport(source, { bom: false })) {
        }
      })),
      ...(await measure(`findings-attributes.csv, ${n}, attr.country=Cambodia`, async () => {
        const source = await new Export.ExportSource(ctx, {
          workspaceId: ws.id,
          filter: { attributes: { country: "Cambodia" } },
          origin: "",
        }).prepare();
        for await (const _ of Export.findingsAttributesCsvExport(source, { bom: false })) {
        }
      })),
    ];
    await finish("attributes", rows, { passages: PASSAGES, documents: DOCUMENTS });
  } finally {
    await services.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
