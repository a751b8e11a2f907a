/**
 * Every key of the table is built here and nowhere else. Everything a workspace owns lives in the
 * workspace's partition (`WS#<id>`), so a lookup with another workspace's id can never reach it.
 * Access patterns and key conditions are listed in docs/data-model.md.
 */

/** Zero-padded offsets sort as numbers in a string sort key (10 digits: up to ~10 GB of text). */
const offset = (n: number) => n.toString().padStart(10, "0");

export const workspacePk = (workspaceId: string) => `WS#${workspaceId}`;
export const authPk = (kind: string) => `AUTH#${kind}`;

export const keys = {
  workspace: (workspaceId: string) => ({ pk: workspacePk(workspaceId), sk: "META" }),
  member: (workspaceId: string, userId: string) => ({
    pk: workspacePk(workspaceId),
    sk: `MEMBER#${userId}`,
  }),
  /** Index attributes of a membership: a user's workspaces. */
  memberIndex: (workspaceId: string, userId: string) => ({
    gsi1pk: `USER#${userId}`,
    gsi1sk: `WS#${workspaceId}`,
  }),
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: "PROFILE" }),
  /** Email → user id; unique because the put is conditional on the key. */
  userEmail: (email: string) => ({ pk: `EMAIL#${email}`, sk: "USER" }),
  /** A personal API token, looked up by the SHA-256 of the secret. */
  apiToken: (hash: string) => ({ pk: `TOKEN#${hash}`, sk: "TOKEN" }),
  /** Index attributes of an API token: a user's tokens, newest last. */
  apiTokenIndex: (userId: string, tokenId: string) => ({
    gsi1pk: `USER#${userId}`,
    gsi1sk: `TOKEN#${tokenId}`,
  }),
  /** A workspace invitation, looked up by the SHA-256 of its secret. */
  invite: (hash: string) => ({ pk: `INVITE#${hash}`, sk: "INVITE" }),
  /** Index attributes of an invitation: a workspace's invitations. */
  inviteIndex: (workspaceId: string, inviteId: string) => ({
    gsi1pk: `WS#${workspaceId}#INVITES`,
    gsi1sk: `INVITE#${inviteId}`,
  }),
  /** A link between two passages; one item, found from either end through GSI1 and GSI2. */
  link: (workspaceId: string, linkId: string) => ({
    pk: workspacePk(workspaceId),
    sk: `LNK#${linkId}`,
  }),
  linkIndex: (link: { id: string; fromId: string; toId: string }) => ({
    gsi1pk: `ANN#${link.fromId}`,
    gsi1sk: `LNK#${link.id}`,
    gsi2pk: `ANN#${link.toId}`,
    gsi2sk: `LNK#${link.id}`,
  }),
  /** A share link, looked up by the SHA-256 of its secret. */
  share: (hash: string) => ({ pk: `SHARE#${hash}`, sk: "SHARE" }),
  /** Index attributes of a share link: a workspace's links, grouped by document. */
  shareIndex: (workspaceId: string, documentId: string, shareId: string) => ({
    gsi1pk: `WS#${workspaceId}#SHARES`,
    gsi1sk: `SHR#${documentId}#${shareId}`,
  }),
  /** A client's Idempotency-Key, by the SHA-256 of caller, route and key. */
  idempotency: (hash: string) => ({ pk: `IDEM#${hash}`, sk: "IDEM" }),
  /** A browser session; access and refresh tokens name it and are refused once it is gone. */
  session: (sessionId: string) => ({ pk: `SESSION#${sessionId}`, sk: "SESSION" }),
  /** The sign-in code outstanding for an email, by the SHA-256 of the normalised address. */
  signInCode: (emailHash: string) => ({ pk: `SIGNIN#${emailHash}`, sk: "CODE" }),
  /** A fixed-window request counter for rate limiting. */
  rateWindow: (bucket: string, window: number) => ({ pk: `RATE#${bucket}`, sk: `W#${window}` }),
  /** A REFI-QDA import of a workspace, by the SHA-256 of the imported file. */
  refiImport: (workspaceId: string, sha256: string) => ({
    pk: workspacePk(workspaceId),
    sk: `IMPORT#${sha256}`,
  }),
  /** A coding round: its documents, coders, codes and whether it is blind and open. */
  round: (workspaceId: string, roundId: string) => ({
    pk: workspacePk(workspaceId),
    sk: `ROUND#${roundId}`,
  }),
  tag: (workspaceId: string, tagId: string) => ({
    pk: workspacePk(workspaceId),
    sk: `TAG#${tagId}`,
  }),
  /** The record of a code merged into another: its target and whether every step is done. */
  tagMerge: (workspaceId: string, tagId: string) => ({
    pk: workspacePk(workspaceId),
    sk: `TAGMERGE#${tagId}`,
  }),
  document: (workspaceId: string, documentId: string) => ({
    pk: workspacePk(workspaceId),
    sk: `DOC#${documentId}`,
  }),
  annotation: (workspaceId: string, annotationId: string) => ({
    pk: workspacePk(workspaceId),
    sk: `ANN#${annotationId}`,
  }),
  /** Index attributes of an annotation: its document's annotations in text order. */
  annotationIndex: (a: { id: string; documentId: string; start: number; end: number }) => ({
    gsi1pk: `DOC#${a.documentId}`,
    gsi1sk: `ANN#${offset(a.start)}#${offset(a.end)}#${a.id}`,
  }),
  /**
   * One of OpenAuth's key/value pairs: a partition per key kind (`oauth:refresh`, `signing:key`,
   * …), the key's other parts joined by AUTH_SEPARATOR. Secret parts arrive already hashed
   * (functions/src/auth/storage.ts).
   */
  auth: (kind: string, parts: string[]) => ({
    pk: authPk(kind),
    sk: parts.join(AUTH_SEPARATOR),
  }),
  /** A document attribute's definition (country, source type, …). */
  attribute: (workspaceId: string, attributeId: string) => ({
    pk: workspacePk(workspaceId),
    sk: `ATTR#${attributeId}`,
  }),
  /** A workspace's search-pack state: how many texts were prepared (search/pack-builder.ts). */
  searchPacks: (workspaceId: string) => ({ pk: workspacePk(workspaceId), sk: "SEARCHPACKS" }),
  /** A saved search ("query") of a workspace. */
  savedQuery: (workspaceId: string, queryId: string) => ({
    pk: workspacePk(workspaceId),
    sk: `QRY#${queryId}`,
  }),
  /** A text version's provenance (hashes, source, who and when); written once, never changed. */
  provenance: (workspaceId: string, documentId: string, version: number) => ({
    pk: workspacePk(workspaceId),
    sk: `PROV#${documentId}#${offset(version)}`,
  }),
  /** A history entry: one per (entity, version), so a put conditional on the key never overwrites. */
  historyEntry: (workspaceId: string, entity: string, version: number) => ({
    pk: workspacePk(workspaceId),
    sk: `HIST#${entity}#${offset(version)}`,
  }),
  /** The marker saying history entry (entity, version) was refused by its own condition. */
  historyVoid: (workspaceId: string, entity: string, version: number) => ({
    pk: workspacePk(workspaceId),
    sk: `HIST#${entity}#${offset(version)}#VOID`,
  }),
  /** Index attributes of a history entry: a document's history (GSI1), the workspace's (GSI2). */
  historyIndex: (e: {
    workspaceId: string;
    entity: string;
    version: number;
    at: string;
    documentId?: string | null;
  }) => ({
    ...(e.documentId
      ? {
          gsi1pk: historyDocumentPk(e.workspaceId, e.documentId),
          gsi1sk: `${e.at}#${e.entity}#${offset(e.version)}`,
        }
      : {}),
    gsi2pk: historyWorkspacePk(e.workspaceId),
    gsi2sk: `${e.at}#${e.entity}#${offset(e.version)}`,
  }),
  /** A consensus passage of a round (its coding of record); not under ROUND#, which lists rounds. */
  consensus: (workspaceId: string, roundId: string, passageId: string) => ({
    pk: workspacePk(workspaceId),
    sk: `CONSENSUS#${roundId}#${passageId}`,
  }),
  /** A background code-from-search job: its request, plan, progress and worker lease. */
  codeJob: (workspaceId: string, jobId: string) => ({
    pk: workspacePk(workspaceId),
    sk: `CODEJOB#${jobId}`,
  }),
  /** A workspace that wrote history on a UTC day (`YYYY-MM-DD`): what the history sweep reads. */
  historyActivity: (day: string, workspaceId: string) => ({
    pk: `HISTDAY#${day}`,
    sk: workspacePk(workspaceId),
  }),
} as const;

/** Joins an OpenAuth key's parts in a sort key: U+001F, which no part contains. */
export const AUTH_SEPARATOR = "\u001f";

/**
 * The key condition of an OpenAuth scan of `kind` below `parts`: the kind's partition and, with
 * parts, the sort-key prefix that ends in the separator, so ["oauth:refresh", subject] does not
 * also match a subject that merely starts the same.
 */
export const authScan = (kind: string, parts: string[]) => ({
  pk: authPk(kind),
  skPrefix: parts.length > 0 ? `${parts.join(AUTH_SEPARATOR)}${AUTH_SEPARATOR}` : null,
});

/** An OpenAuth key's parts after its kind, from the sort key `keys.auth` built. */
export const authKeyParts = (sk: string) => sk.split(AUTH_SEPARATOR);

/** Sort-key prefixes used in begins_with conditions. */
export const prefixes = {
  member: "MEMBER#",
  tag: "TAG#",
  document: "DOC#",
  annotation: "ANN#",
  userWorkspaces: "WS#",
  userTokens: "TOKEN#",
  invites: "INVITE#",
  shares: "SHR#",
  link: "LNK#",
  round: "ROUND#",
  attribute: "ATTR#",
  savedQuery: "QRY#",
  /** Provenance of one document's versions: `PROV#<documentId>#`. */
  provenance: "PROV#",
  history: "HIST#",
} as const;

export const userPk = (userId: string) => `USER#${userId}`;
export const workspaceSharesPk = (workspaceId: string) => `WS#${workspaceId}#SHARES`;
export const workspaceInvitesPk = (workspaceId: string) => `WS#${workspaceId}#INVITES`;
export const annotationLinksPk = (annotationId: string) => `ANN#${annotationId}`;
export const documentAnnotationsPk = (documentId: string) => `DOC#${documentId}`;
export const historyDocumentPk = (workspaceId: string, documentId: string) =>
  `WS#${workspaceId}#HIST#DOC#${documentId}`;
export const historyWorkspacePk = (workspaceId: string) => `WS#${workspaceId}#HIST`;
/** Sort-key prefix of a round's consensus passages. */
export const roundConsensusPrefix = (roundId: string) => `CONSENSUS#${roundId}#`;
/** Sort-key prefix of every round's consensus passages (a workspace's consensus layer). */
export const consensusPrefix = "CONSENSUS#";
