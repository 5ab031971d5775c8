// `npm run build`: type-check, then write `.vercel/output` for `vercel.getPrebuiltProjectOutput`.
// Settings come from env vars: CRON_SCHEDULE, API_MAX_DURATION, CRON_MAX_DURATION,
// WORKER_MAX_DURATION, VERCEL_OUTPUT_ROOT (see build-settings.ts).
import { relative } from "node:path";
import { buildVercelOutput } from "./build-vercel-output.js";

try {
  const result = await buildVercelOutput({ typeCheck: true });
  const { settings } = result;
  console.log(`Built ${relative(process.cwd(), result.outputDir) || "."}`);
  for (const fn of result.functions) {
    console.log(`  ${fn.name.padEnd(16)} ${fn.bytes} bytes  maxDuration ${fn.maxDuration}s`);
  }
  console.log(`  cron: ${settings.cronSchedule ?? "off"}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
