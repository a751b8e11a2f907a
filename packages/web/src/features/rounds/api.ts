import type {
  ConsensusPassage,
  DocumentDisagreementsReport,
  Granularity,
  Round,
  RoundAgreementReport,
} from "@gloss/core/round";
import type { z } from "zod";
import { query, request } from "../../api/client.ts";

// The API's shapes, from the zod schemas the server answers with (types only).
export type { ConsensusPassage, Round };
/** The unit agreement is counted in. */
export type Unit = z.infer<typeof Granularity>;
export type RoundAgreement = z.infer<typeof RoundAgreementReport>;
export type CodeAgreement = RoundAgreement["codes"][number];
export type PairAgreement = CodeAgreement["pairs"][number];
export type DocumentDisagreements = z.infer<typeof DocumentDisagreementsReport>;
export type Disagreement = DocumentDisagreements["disagreements"][number];

const base = (ws: string, roundId?: string) =>
  `/workspaces/${encodeURIComponent(ws)}/rounds${roundId ? `/${encodeURIComponent(roundId)}` : ""}`;

/** The workspace's coding rounds, oldest first. */
export async function listRounds(ws: string): Promise<Round[]> {
  return (await request<{ items: Round[] }>("GET", base(ws))).items;
}

export function getRound(ws: string, roundId: string): Promise<Round> {
  return request<Round>("GET", base(ws, roundId));
}

export function closeRound(ws: string, roundId: string): Promise<Round> {
  return request<Round>("POST", `${base(ws, roundId)}/close`);
}

export function getAgreement(
  ws: string,
  roundId: string,
  unit: Unit,
  overlap: number,
): Promise<RoundAgreement> {
  return request("GET", `${base(ws, roundId)}/agreement${query({ unit, overlap })}`);
}

export function getDisagreements(
  ws: string,
  roundId: string,
  documentId: string,
  unit: Unit,
  overlap: number,
): Promise<DocumentDisagreements> {
  return request(
    "GET",
    `${base(ws, roundId)}/documents/${encodeURIComponent(documentId)}/disagreements${query({ unit, overlap })}`,
  );
}

export async function listConsensus(ws: string, roundId: string): Promise<ConsensusPassage[]> {
  return (await request<{ items: ConsensusPassage[] }>("GET", `${base(ws, roundId)}/consensus`))
    .items;
}

/** Adopts one coder's passage into the round's consensus layer. */
export function adoptPassage(
  ws: string,
  roundId: string,
  annotationId: string,
): Promise<ConsensusPassage> {
  return request("POST", `${base(ws, roundId)}/consensus`, { kind: "adopt", annotationId });
}

/** Merges coders' passages on one document into one consensus passage: their union span. */
export function mergePassages(
  ws: string,
  roundId: string,
  annotationIds: string[],
  tags: string[],
): Promise<ConsensusPassage> {
  return request("POST", `${base(ws, roundId)}/consensus`, { kind: "merge", annotationIds, tags });
}

/** Writes a consensus passage at offsets of the document's current text. */
export function writeConsensus(
  ws: string,
  roundId: string,
  passage: {
    documentId: string;
    start: number;
    end: number;
    exact: string;
    tags: string[];
    resolvedFrom: string[];
  },
): Promise<ConsensusPassage> {
  return request("POST", `${base(ws, roundId)}/consensus`, { kind: "write", ...passage });
}

/** A document's current canonical text, for quoting units. */
export function getDocumentText(ws: string, documentId: string): Promise<string> {
  return request<string>(
    "GET",
    `/workspaces/${encodeURIComponent(ws)}/documents/${encodeURIComponent(documentId)}/text`,
    undefined,
    "text",
  );
}

/** A consensus passage by id, and whether it is on the text its document serves (deep links). */
export function getShownConsensus(
  ws: string,
  passageId: string,
): Promise<{ passage: ConsensusPassage; status: "anchored" | "orphaned" }> {
  return request(
    "GET",
    `/workspaces/${encodeURIComponent(ws)}/consensus/${encodeURIComponent(passageId)}`,
  );
}

/** Withdraws a consensus passage (owners; recorded in the history; coders' passages untouched). */
export function withdrawConsensus(ws: string, roundId: string, passageId: string): Promise<void> {
  return request("DELETE", `${base(ws, roundId)}/consensus/${encodeURIComponent(passageId)}`);
}
