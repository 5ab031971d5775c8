// esbuild cannot tree-shake a namespace that a package re-exports by name, and zod's entry does just
// that (`import * as z ...; export { z }`): `import { z } from "zod"` bundles all of zod, every
// locale included (454 KB minified against 85 KB). `import * as z from "zod"` reaches the same
// bindings and shakes, so project files get that form at bundle time. Writing it in the source is the
// better fix (it is the form zod 4's docs use); this keeps the bundle small whichever form is used.
import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

const NAMED_Z_IMPORT = /import\s*\{\s*z\s*\}\s*from\s*(["'])(zod(?:\/v4)?)\1/g;

export function rewriteZodImports(source: string): string {
  return source.replace(NAMED_Z_IMPORT, (_all, quote: string, specifier: string) => {
    return `import * as z from ${quote}${specifier}${quote}`;
  });
}

/** Applies `rewriteZodImports` to the project's own TypeScript files (never to node_modules). */
export const zodNamespaceImport: Plugin = {
  name: "zod-namespace-import",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      if (args.path.includes("/node_modules/")) return undefined;
      const source = await readFile(args.path, "utf8");
      return { contents: rewriteZodImports(source), loader: "ts" };
    });
  },
};
