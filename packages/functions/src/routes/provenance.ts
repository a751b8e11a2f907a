import * as Provenance from "@gloss/core/provenance";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";

const DocumentParams = WorkspaceParams.extend({ docId: z.string().min(1).max(64) });

export const provenance = router().openapi(
  defineRoute({
    method: "get",
    path: "/workspaces/{ws}/documents/{docId}/provenance",
    operationId: "getDocumentProvenance",
    access: "viewer",
    summary: "Where a document came from: every version's SHA-256 hashes, source, who and when",
    description:
      "Hashes are taken on the bytes as they are stored (`hashedWhen: stored`); a version stored before hashing is hashed once from its stored objects (`later`). A version fetched from the web carries its capture: the final URL after redirects, the fetch time, the HTTP status and the Date, Last-Modified and ETag headers.",
    tags: ["Documents"],
    request: { params: DocumentParams },
    responses: {
      200: json(Provenance.DocumentProvenance, "The document's provenance"),
      ...errors(401, 404),
    },
  }),
  async (c) => {
    const { docId } = c.req.valid("param");
    return c.json(await Provenance.ofDocument(c.var.ctx, c.var.workspace.id, docId), 200);
  },
);
