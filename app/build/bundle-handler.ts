// Bundles the function entry (and through it app/handler.ts and every dependency) into one minified
// ESM file. Deterministic: no timestamps, no source maps, paths relative to the project root (and
// minification drops the path comments), legal comments gathered at the end in source order.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { classicZodGuard } from "./classic-zod-guard.js";

/** The project root: the bundle never names it, esbuild works relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ENTRY = "app/build/function-entry.ts";

// Some CommonJS dependencies `require()` Node built-ins; in an ESM bundle that needs a real `require`.
const REQUIRE_SHIM =
  'import{createRequire as __vcCreateRequire}from"node:module";const require=__vcCreateRequire(import.meta.url);';

/** Returns the bundle's bytes; writes nothing. */
export async function bundleHandler(projectRoot: string = PROJECT_ROOT): Promise<Uint8Array> {
  const result = await build({
    absWorkingDir: projectRoot,
    entryPoints: [ENTRY],
    outfile: "index.mjs",
    write: false,
    bundle: true,
    // ESM: the app is ESM, named method exports are what the launcher looks for, and ESM-first
    // builds of the dependencies tree-shake better than their CommonJS `main`.
    format: "esm",
    platform: "node",
    target: "node22",
    mainFields: ["module", "main"],
    minify: true,
    legalComments: "eof",
    sourcemap: false,
    charset: "utf8",
    banner: { js: REQUIRE_SHIM },
    // Nothing is replaced at build time: `process.env.*` stays a run-time read, so no value from the
    // build machine's environment can end up in the bundle.
    define: {},
    plugins: [classicZodGuard],
    logLevel: "silent",
  });
  const [file] = result.outputFiles;
  if (!file || result.outputFiles.length !== 1) {
    throw new Error(`esbuild produced ${result.outputFiles.length} files, expected one bundle`);
  }
  return file.contents;
}
