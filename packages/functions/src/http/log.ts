/** One JSON line per event on stdout/stderr, as CloudWatch and the local console both read it. */
export function log(
  level: "info" | "warn" | "error",
  message: string,
  fields: Record<string, unknown> = {},
) {
  if (process.env.GLOSS_LOG === "silent") return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
