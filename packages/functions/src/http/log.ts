import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

/**
 * Structured logs and metrics through Powertools for AWS Lambda (Logger, Metrics): one JSON line
 * per event, as CloudWatch and the local console both read it, and metrics in Embedded Metric
 * Format, which Lambda's log agent turns into CloudWatch metrics without an API call. Both add
 * ~35 KB to a bundle (the API's cold start stays under 1 MB, bench/lambda). GLOSS_LOG=silent
 * (the tests) turns both off.
 */
const silent = () => process.env.GLOSS_LOG === "silent";
// Always INFO: `silent()` is asked on every call, so GLOSS_LOG may change after this module loads.
const logger = new Logger({ serviceName: "gloss", logLevel: "INFO" });
const metrics = new Metrics({ namespace: "Gloss", serviceName: "gloss" });

/** One log line with the given fields. */
export function log(
  level: "info" | "warn" | "error",
  message: string,
  fields: Record<string, unknown> = {},
) {
  if (silent()) return;
  logger[level](message, fields);
}

/** One metric, published at once (namespace Gloss, dimensions `service` and those given). */
export function metric(
  name: string,
  value: number,
  unit: "Count" | "Bytes" | "Milliseconds",
  dimensions: Record<string, string> = {},
) {
  if (silent()) return;
  const single = metrics.singleMetric();
  for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
  single.addMetric(name, unit, value);
}
