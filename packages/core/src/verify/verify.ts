import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import * as Provenance from "../provenance/index.ts";
import type { VerifyInput, VerifyResult } from "./schema.ts";

/**
 * Whether `exact` stands at `[start, end)` (UTF-16 code units) in the stored text version named by
 * number or by hash. The text is read from its immutable stored object and its hash is the one
 * recorded when it was stored, so the answer does not depend on anything an exporter could edit.
 * The caller must already be allowed to read the document: the answer is an oracle on its text.
 */
export async function verifyQuote(
  ctx: Context,
  workspaceId: string,
  claim: Pick<
    VerifyInput,
    "documentId" | "textVersion" | "text_sha256" | "start" | "end" | "exact"
  >,
): Promise<VerifyResult> {
  const checkedAt = ctx.now().toISOString();
  const answer = (
    reason: VerifyResult["reason"],
    version: { version: number; textSha256: string; sourceSha256: string | null } | null,
  ): VerifyResult => ({
    verified: reason === "match",
    reason,
    documentId: claim.documentId,
    textVersion: version?.version ?? null,
    textSha256: version?.textSha256 ?? null,
    sourceSha256: version?.sourceSha256 ?? null,
    checkedAt,
  });
  const provenance = await Provenance.ofDocument(ctx, workspaceId, claim.documentId);
  const byHash = claim.text_sha256
    ? provenance.versions.find((v) => v.textSha256 === claim.text_sha256)
    : undefined;
  if (claim.text_sha256 && !byHash) return answer("hash_unknown", null);
  const byNumber =
    claim.textVersion !== undefined
      ? provenance.versions.find((v) => v.version === claim.textVersion)
      : undefined;
  if (claim.textVersion !== undefined && !byNumber) return answer("out_of_range", null);
  if (byHash && byNumber && byHash.version !== byNumber.version) {
    return answer("version_mismatch", byNumber);
  }
  const version = (byHash ?? byNumber)!;
  const text = await Document.getText(ctx, workspaceId, claim.documentId, version.version);
  if (claim.end > text.length) return answer("out_of_range", version);
  return answer(
    text.slice(claim.start, claim.end) === claim.exact ? "match" : "quote_differs",
    version,
  );
}
