// Compiles function-runner.ts (and what it imports) into one plain `.mjs` file, so each function
// instance runs under bare `node` with no loader: the bundle runs as it would on Vercel.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

let compiled: Promise<Uint8Array> | undefined;

function compileRunner(): Promise<Uint8Array> {
  compiled ??= build({
    entryPoints: [fileURLToPath(new URL("./function-runner.ts", import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile: "function-runner.mjs",
    logLevel: "silent",
  }).then((result) => result.outputFiles[0]!.contents);
  return compiled;
}

export interface RunnerScript {
  path: string;
  remove(): Promise<void>;
}

/** Writes the compiled runner to a fresh temp directory, removed by `remove()`. */
export async function writeRunnerScript(): Promise<RunnerScript> {
  const dir = await mkdtemp(join(tmpdir(), "vercel-host-"));
  const path = join(dir, "function-runner.mjs");
  await writeFile(path, await compileRunner());
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
