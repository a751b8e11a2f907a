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

/**
 * One CloudWatch metric as an Embedded Metric Format line (namespace Gloss): Lambda's log
 * agent turns it into a metric without an API call. Written by hand rather than through
 * Powertools' Metrics, whose bundle the API's 1 MB cold-start budget would have to carry.
 */
export function metric(
  name: string,
  value: number,
  unit: "Count" | "Bytes" | "Milliseconds",
  dimensions: Record<string, string> = {},
) {
  if (process.env.GLOSS_LOG === "silent") return;
  console.log(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: "Gloss",
            Dimensions: [Object.keys(dimensions)],
            Metrics: [{ Name: name, Unit: unit }],
          },
        ],
      },
      ...dimensions,
      [name]: value,
    }),
  );
}
