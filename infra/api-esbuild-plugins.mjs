// esbuild plugins for the API Lambda (`nodejs.plugins` in infra/api.ts; bench/lambda uses them too).
import { dirname } from "node:path";

/**
 * Zod's error messages in English only. `@hono/zod-openapi` passes zod's whole namespace to
 * `extendZodWithOpenApi(z)`, so esbuild cannot tree-shake `z.locales`: every cold start parsed
 * the messages of ~50 languages (261 KB minified, bench/README.md "Lambda"). Gloss only uses the
 * default English messages (zod configures them from `locales/en.js`, which is untouched), so
 * `z.locales` keeps just `en`.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

export default [zodEnglishOnly];
