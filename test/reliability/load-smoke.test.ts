// A short load smoke of the whole local system (the bench's load run, smaller): the built app on the
// local Vercel host with QStash push, a 5 s cron and the Klap simulator, 10 clients enqueuing and
// polling for 5 s over loopback. No request may fail and every job must finish. Latency is reported
// by `npm run bench` (bench/load.ts), never asserted here.
//
// The run happens in a child process: the host's function processes write their JSON log lines to the
// stdout they inherit, and only there can they be dropped instead of flooding the test output.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import type { LoadRun } from "../../bench/load.js";

const MAIN = join(dirname(fileURLToPath(import.meta.url)), "support", "load-smoke-main.ts");

function runSmoke(): Promise<{ run: LoadRun | undefined; logLines: number; code: number | null }> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let run: LoadRun | undefined;
  let logLines = 0;
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line.startsWith("RESULT ")) run = JSON.parse(line.slice(7)) as LoadRun;
    else logLines++;
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ run, logLines, code })));
}

test("10 clients for 5 s: no network error, no 5xx, every job finishes", {
  timeout: 150_000,
}, async () => {
  const { run, logLines, code } = await runSmoke();
  expect(code).toBe(0);
  expect(run).toBeDefined();
  const r = run!;
  expect(r.errors).toEqual({ network: 0, http5xx: 0, unexpectedStatus: 0, samples: [] });
  expect(r.requests.enqueue).toBeGreaterThan(0);
  expect(r.requests.status).toBeGreaterThan(0);
  expect(r.jobs).toEqual({
    enqueued: r.requests.enqueue,
    completed: r.requests.enqueue,
    dead: 0,
    unfinished: 0,
  });
  expect(r.cronTicks.failed).toBe(0);
  expect(r.qstash.failed).toBe(0);
  process.stdout.write(
    `\nload smoke: ${r.requests.enqueue} enqueues + ${r.requests.status} status polls at ${r.perSecond} req/s, 0 errors; ${r.jobs.completed} jobs completed; ${r.qstash.delivered} QStash deliveries, ${r.cronTicks.ok} cron ticks; ${logLines} app log lines dropped\n`,
  );
});
