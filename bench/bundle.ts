// Bundle size and cold import time of each built function. Builds into a temp dir (no type-check),
// then imports each handler file in 9 fresh `node` processes, timing the dynamic import inside the
// child with performance.now(). `npm run bench bundle`, or alone: `npx tsx bench/bundle.ts`.
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { buildVercelOutput } from "../app/build/build-vercel-output.js";
import { writeResult } from "./support.js";

const RUNS = 9;

export interface FunctionBench {
  name: string;
  /** Minified bundle size in bytes. */
  bytes: number;
  coldImportMsMedian: number;
  /** Fastest and slowest of the runs. */
  coldImportMsSpread: { min: number; max: number };
}

export async function benchBundle(): Promise<{ functions: FunctionBench[] }> {
  const root = await mkdtemp(join(tmpdir(), "bench-bundle-"));
  try {
    const built = await buildVercelOutput({ env: { VERCEL_OUTPUT_ROOT: root }, typeCheck: false });
    const functions: FunctionBench[] = [];
    for (const fn of built.functions) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) times.push(await coldImportMs(fn.handlerPath));
      times.sort((a, b) => a - b);
      functions.push({
        name: fn.name,
        bytes: (await stat(fn.handlerPath)).size,
        coldImportMsMedian: times[Math.floor(times.length / 2)]!,
        coldImportMsSpread: { min: times[0]!, max: times[times.length - 1]! },
      });
    }
    return { functions };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function coldImportMs(handlerPath: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(handlerPath).href)}); console.log(performance.now() - t);`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--input-type=module", "-e", script],
    { env: { PATH: process.env.PATH ?? "" } },
  );
  return Number(stdout.trim());
}

function printTable({ functions }: { functions: FunctionBench[] }): void {
  console.log(`function          bytes   cold import ms (median, min–max of ${RUNS})`);
  for (const f of functions) {
    const { min, max } = f.coldImportMsSpread;
    console.log(
      `${f.name.padEnd(16)} ${String(f.bytes).padStart(7)}   ${f.coldImportMsMedian.toFixed(1)} (${min.toFixed(1)}–${max.toFixed(1)})`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchBundle();
  printTable(result);
  console.log(
    `  → ${writeResult("bundle", { settings: { runs: RUNS, target: "each bundle < 250 KB minified, cold import well under 100 ms" }, ...result })}`,
  );
}
