/** Progress of a restore, kept on the workspace item (`restore`). */
export interface RestoreMarker {
  digest: string;
  status: "running" | "done";
  startedAt: string;
  finishedAt?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The restore marker a workspace item holds, or null when none (or none readable) is there. */
export function restoreMarkerOf(workspace: Record<string, unknown>): RestoreMarker | null {
  const marker = workspace.restore;
  if (!isRecord(marker)) return null;
  const { digest, status, startedAt, finishedAt } = marker;
  if (typeof digest !== "string" || typeof startedAt !== "string") return null;
  if (status !== "running" && status !== "done") return null;
  return {
    digest,
    status,
    startedAt,
    ...(typeof finishedAt === "string" ? { finishedAt } : {}),
  };
}
