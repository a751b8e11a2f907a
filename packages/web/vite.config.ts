import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The reader is served by the local runtime from dist/; `npm run dev` proxies the API to it. */
export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": "http://localhost:3000" } },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
