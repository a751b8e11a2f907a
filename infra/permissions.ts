/**
 * Least privilege for the functions' roles. SST's links grant whole services (`dynamodb:*` on the
 * table and its indexes, `s3:*` on the bucket, `ses:*` on the identity); Gloss calls a handful of
 * operations, listed here. The resources stay what the links name. tests/infra.test.ts derives
 * the operations from the SDK commands in packages/core and packages/functions, so a new command
 * without its action here fails a test instead of a deployed request.
 */
export const ALLOWED_ACTIONS: Record<string, string[]> = {
  dynamodb: [
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
  ],
  // ListBucket is granted on the bucket ARN, the object actions on `<bucket>/*`; SST's link names
  // both resources in one statement, which IAM accepts (each action matches its own kind).
  s3: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
  ses: ["ses:SendEmail"],
};

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
  [key: string]: unknown;
}

/** An IAM policy document with every `<service>:*` of ALLOWED_ACTIONS replaced by its list. */
export function narrowPolicy(json: string): string {
  const doc = JSON.parse(json) as { Statement?: Statement[] };
  for (const statement of doc.Statement ?? []) {
    const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action ?? ""];
    statement.Action = [
      ...new Set(
        actions.flatMap((action) => {
          const service = /^([a-z0-9-]+):\*$/.exec(action)?.[1];
          return (service && ALLOWED_ACTIONS[service]) || [action];
        }),
      ),
    ];
  }
  return JSON.stringify(doc);
}

/** A Function `transform.role` applying narrowPolicy to the role SST builds from the links. */
export function leastPrivilege(args: aws.iam.RoleArgs): undefined {
  args.inlinePolicies = $output(args.inlinePolicies ?? []).apply((policies) =>
    policies.map((policy) => ({
      ...policy,
      policy: policy.policy ? narrowPolicy(policy.policy) : policy.policy,
    })),
  );
  return undefined;
}
