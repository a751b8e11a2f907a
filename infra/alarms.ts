import { api } from "./api";
import { auth } from "./auth";
import { ingestFailed, ingestFunction } from "./ingest";
import { table } from "./storage";
import { sweep } from "./sweep";
import { router } from "./web";

/**
 * CloudWatch alarms for what needs a person: functions failing or throttled, the table
 * throttled, the Router answering 5xx, SES reputation at the levels where AWS starts reviewing
 * the account. They notify an SNS topic, which mails GLOSS_ALARM_EMAIL when the stage is deployed
 * with one (AWS sends a confirmation link first). Without it the alarms still show in the console.
 */
const alarmEmail = process.env.GLOSS_ALARM_EMAIL;

export const alarmTopic = new aws.sns.Topic("Alarms");
if (alarmEmail) {
  new aws.sns.TopicSubscription("AlarmEmail", {
    topic: alarmTopic.arn,
    protocol: "email",
    endpoint: alarmEmail,
  });
}

const notify = { alarmActions: [alarmTopic.arn], okActions: [alarmTopic.arn] };

/** Any error or throttle of a function within 5 minutes (the API: 5 errors, one may be a client). */
const functions = [
  { name: "Api", fn: api.name, errors: 5 },
  { name: "Auth", fn: auth.nodes.issuer.name, errors: 1 },
  { name: "Ingest", fn: ingestFunction.name, errors: 3 },
  { name: "IngestFailed", fn: ingestFailed.name, errors: 1 },
  { name: "Sweep", fn: sweep.nodes.function.name, errors: 1 },
];
for (const { name, fn, errors } of functions) {
  for (const [metric, threshold] of [
    ["Errors", errors],
    ["Throttles", 1],
  ] as const) {
    new aws.cloudwatch.MetricAlarm(`${name}${metric}Alarm`, {
      namespace: "AWS/Lambda",
      metricName: metric,
      dimensions: { FunctionName: fn },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      ...notify,
    });
  }
}

for (const metric of ["ReadThrottleEvents", "WriteThrottleEvents"]) {
  new aws.cloudwatch.MetricAlarm(`Table${metric}Alarm`, {
    namespace: "AWS/DynamoDB",
    metricName: metric,
    dimensions: { TableName: table.name },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    ...notify,
  });
}

// CloudFront publishes its metrics in us-east-1 only, so that alarm (and its topic) live there.
const usEast1 = new aws.Provider("UsEast1", { region: "us-east-1" });
const edgeTopic = new aws.sns.Topic("EdgeAlarms", {}, { provider: usEast1 });
if (alarmEmail) {
  new aws.sns.TopicSubscription(
    "EdgeAlarmEmail",
    { topic: edgeTopic.arn, protocol: "email", endpoint: alarmEmail },
    { provider: usEast1 },
  );
}
new aws.cloudwatch.MetricAlarm(
  "Router5xxAlarm",
  {
    namespace: "AWS/CloudFront",
    metricName: "5xxErrorRate",
    dimensions: { DistributionId: router.distributionID, Region: "Global" },
    statistic: "Average",
    period: 300,
    evaluationPeriods: 2,
    // Percent of requests; 5 % over 10 minutes is an outage, not a stray error.
    threshold: 5,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [edgeTopic.arn],
    okActions: [edgeTopic.arn],
  },
  { provider: usEast1 },
);

// AWS reviews an SES account at a 5 % bounce or 0.1 % complaint rate and may pause it at 10 % /
// 0.5 %: warn at half the review levels, while there is time to act.
for (const [metric, threshold] of [
  ["Reputation.BounceRate", 0.025],
  ["Reputation.ComplaintRate", 0.0005],
] as const) {
  new aws.cloudwatch.MetricAlarm(`Ses${metric.split(".")[1]}Alarm`, {
    namespace: "AWS/SES",
    metricName: metric,
    statistic: "Maximum",
    period: 3600,
    evaluationPeriods: 1,
    threshold,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    ...notify,
  });
}
