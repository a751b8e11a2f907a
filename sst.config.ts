/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    return {
      name: "gloss",
      home: "aws",
      // The version SST 4.17.1 bundles; pinned so deploys and `typecheck:infra` are repeatable.
      providers: { aws: "7.20.0" },
      // Production keeps researchers' documents and annotations when the stage is removed.
      removal: input?.stage === "prod" ? "retain" : "remove",
      protect: input?.stage === "prod",
    };
  },
  async run() {
    await import("./infra/storage");
    await import("./infra/ingest");
    await import("./infra/sweep");
    await import("./infra/auth");
    const { api } = await import("./infra/api");
    const { router } = await import("./infra/web");
    await import("./infra/alarms");
    return {
      url: router.url,
      api: api.url,
    };
  },
});
