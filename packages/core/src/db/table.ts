/**
 * The single DynamoDB table, declared once. `infra/storage.ts` passes it to `sst.aws.Dynamo`
 * and the local runtime and tests turn it into a CreateTable request, so production and the
 * embedded DynamoDB cannot disagree about keys or indexes.
 */
export const tableDefinition = {
  fields: {
    pk: "string",
    sk: "string",
    gsi1pk: "string",
    gsi1sk: "string",
    gsi2pk: "string",
    gsi2sk: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
    gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
  },
  /**
   * Epoch seconds after which DynamoDB may delete an item (sessions, invites, rate-limit windows).
   * Expiry is also checked on every read: TTL deletion lags, and the embedded DynamoDB has none.
   */
  ttl: "expiresAt",
} as const;

export type IndexName = keyof typeof tableDefinition.globalIndexes;

/** A CreateTable request for `tableDefinition` (on-demand billing, all attributes projected). */
export function createTableInput(tableName: string) {
  const { fields, primaryIndex, globalIndexes } = tableDefinition;
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: Object.keys(fields).map((name) => ({
      AttributeName: name,
      AttributeType: "S" as const,
    })),
    KeySchema: [
      { AttributeName: primaryIndex.hashKey, KeyType: "HASH" as const },
      { AttributeName: primaryIndex.rangeKey, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: Object.entries(globalIndexes).map(([name, index]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: index.hashKey, KeyType: "HASH" as const },
        { AttributeName: index.rangeKey, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "ALL" as const },
    })),
  };
}
