// `npm run dev`: builds the app, then runs the whole system on this machine (see local-system.ts).
// Env: PORT (3000), REDIS_URL (else a redis-server with data in .local/redis), KLAP_API_URL and
// QSTASH_URL (else simulators), KLAP_SIM_PROCESSING_SECONDS (20), KLAP_SIM_FAILURE_RATE (0),
// LOCAL_CRON_INTERVAL_SECONDS (from the cron schedule), and every app variable (app/config/env.ts).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildVercelOutput, PROJECT_ROOT } from "../../build/index.js";
import { startLocalSystem } from "./local-system.js";

const env = process.env;
const number = (key: string, fallback: number) => {
  const value = env[key] === undefined || env[key] === "" ? fallback : Number(env[key]);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`${key} must be a non-negative number, got '${env[key]}'`);
    process.exit(2);
  }
  return value;
};

const port = number("PORT", 3000);
const redisDir = join(PROJECT_ROOT, ".local", "redis");
mkdirSync(redisDir, { recursive: true });

console.log("Building .vercel/output …");
const build = await buildVercelOutput({
  typeCheck: false,
  cwd: PROJECT_ROOT,
  env: { ...env, VERCEL_OUTPUT_ROOT: PROJECT_ROOT },
});
const system = await startLocalSystem({
  outputDir: build.outputDir,
  port,
  ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : { redisDir }),
  env: { KLAP_POLL_INTERVAL_SECONDS: "5", ...env },
  klap: {
    processingMs: number("KLAP_SIM_PROCESSING_SECONDS", 20) * 1000,
    exportMs: 3000,
    failureRate: number("KLAP_SIM_FAILURE_RATE", 0),
  },
  ...(env.LOCAL_CRON_INTERVAL_SECONDS
    ? { cronIntervalSeconds: number("LOCAL_CRON_INTERVAL_SECONDS", 60) }
    : {}),
  onCronTick: ({ status, body }) => {
    const b = body as { claimed?: number; durationMs?: number };
    console.log(`cron tick: ${status} claimed=${b.claimed ?? "?"} in ${b.durationMs ?? "?"} ms`);
  },
});

const s = system.secrets;
console.log(`
inflio-jobs is running at ${system.url}
  redis        ${env.REDIS_URL ?? `redis-server (data in .local/redis)`} via the Upstash-compatible endpoint ${system.rest.url}
  klap         ${system.klap ? `simulator at ${system.klap.url}` : env.KLAP_API_URL}
  qstash       ${system.qstash ? `simulator at ${system.qstash.url}` : env.QSTASH_URL}
  cron         ${build.settings.cronSchedule ?? "off"} → GET /api/cron/klap
${system.generatedSecrets.length ? `Dev values for unset secrets (set them in the environment to choose your own):\n${system.generatedSecrets.map((k) => `  ${k}=${s[k as keyof typeof s]}`).join("\n")}\n` : ""}
Try it:
  curl -s -X POST ${system.url}/api/jobs \\
    -H "Authorization: Bearer ${s.QUEUE_API_TOKEN}" -H "Content-Type: application/json" \\
    -d '{"videoUrl":"https://example.com/talk.mp4","projectId":"demo"}'
  curl -s ${system.url}/api/jobs/<id>
  curl -s ${system.url}/api/queue/stats -H "Authorization: Bearer ${s.QUEUE_API_TOKEN}"

Ctrl-C stops everything.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping …");
  await system.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
