// `npm run bench [name ...]`: every benchmark in turn, each in a fresh Node process so one bench's
// servers and garbage never weigh on the next. Each prints its figures and writes
// bench/results/<name>.json. The local Vercel host's functions log one JSON line per event to the
// same terminal; those lines are counted, not shown.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const BENCHES = ["queue", "bundle", "cost", "throughput", "latency", "load"] as const;
const dir = dirname(fileURLToPath(import.meta.url));

const only = process.argv.slice(2);
const unknown = only.filter((name) => !(BENCHES as readonly string[]).includes(name));
if (unknown.length) {
  console.error(`Unknown bench ${unknown.join(", ")}; choose from ${BENCHES.join(", ")}.`);
  process.exit(2);
}

const started = performance.now();
for (const name of BENCHES) {
  if (only.length && !only.includes(name)) continue;
  const t0 = performance.now();
  console.log(`\n=== ${name}`);
  const child = spawn(process.execPath, ["--import", "tsx", join(dir, `${name}.ts`)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let logLines = 0;
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line.startsWith('{"level":')) logLines++;
    else console.log(line);
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `=== ${name}: ${code === 0 ? "done" : `FAILED (exit ${code})`} in ${seconds} s` +
      (logLines ? `, ${logLines} app log lines hidden` : ""),
  );
  if (code !== 0) process.exitCode = 1;
}
console.log(`\nAll benches: ${((performance.now() - started) / 1000).toFixed(1)} s`);
