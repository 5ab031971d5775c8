// `npm run redis-rest`: the Upstash-compatible endpoint on its own, in front of REDIS_URL.
import { startRedisRest } from "./server.js";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const token = process.env.UPSTASH_REDIS_REST_TOKEN;
if (!token) {
  console.error(
    "UPSTASH_REDIS_REST_TOKEN is required: the token clients must send as a Bearer token.",
  );
  process.exit(2);
}
const port = Number(process.env.PORT ?? 8079);
const server = await startRedisRest({ redisUrl, token, port });
console.log(`Upstash-compatible REST endpoint on ${server.url} -> ${redisUrl}`);
console.log(`UPSTASH_REDIS_REST_URL=${server.url}`);
const stop = () => server.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
