import { build } from "esbuild";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../app/build/bundle-handler.js";
import { classicZodGuard } from "../../app/build/classic-zod-guard.js";

/** Bundles one in-memory module from app/ with the guard, as the function build does. */
function bundle(contents: string) {
  return build({
    absWorkingDir: PROJECT_ROOT,
    stdin: {
      contents,
      resolveDir: `${PROJECT_ROOT}app`,
      sourcefile: "app/example.ts",
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    plugins: [classicZodGuard],
    logLevel: "silent",
  });
}

describe("classicZodGuard", () => {
  test("fails the build on a classic zod import, naming the file and zod/mini", async () => {
    for (const specifier of ["zod", "zod/v4"]) {
      await expect(
        bundle(`import * as z from "${specifier}"; export const s = z.string();`),
      ).rejects.toThrow(
        /app\/example\.ts:1:\d+: ERROR: .*classic zod .*import \* as z from "zod\/mini"/,
      );
    }
  });

  test("lets zod/mini and type-only classic imports through", async () => {
    const result = await bundle(
      `import type { ZodType } from "zod"; import * as z from "zod/mini";
       export const s: ZodType | undefined = undefined; export const t = z.string();`,
    );
    expect(result.errors).toEqual([]);
    expect(result.outputFiles).toHaveLength(1);
  });
});
