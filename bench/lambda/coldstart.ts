/**
 * Run as `node coldstart.mjs <bundle>` in a fresh process: imports the Lambda bundle and answers
 * one Function URL event through its handler, then prints how long the process had lived
 * (performance.now() counts from process start) and how long import and request took.
 * Compiled by esbuild before it runs, so the measured process loads nothing but Node and the bundle.
 */
const [bundle, eventJson] = process.argv.slice(2);
const imported = performance.now();
const mod = (await import(bundle!)) as {
  handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body?: string }>;
};
const loaded = performance.now();
const response = await mod.handler(JSON.parse(eventJson!), {
  callbackWaitsForEmptyEventLoop: true,
  functionName: "gloss-bench-Api",
  awsRequestId: "bench",
  getRemainingTimeInMillis: () => 30_000,
});
const answered = performance.now();
console.log(
  JSON.stringify({
    status: response.statusCode,
    bodyLength: response.body?.length ?? 0,
    sinceProcessStartMs: answered,
    importMs: loaded - imported,
    requestMs: answered - loaded,
  }),
);
process.exit(0);

export {};
