// The fuzzers' "queue state unchanged" check: every matching key with its serialized value (DUMP),
// read straight from Redis over TCP so the endpoint under test is not involved.
import type { Redis } from "ioredis";

export async function redisSnapshot(redis: Redis, pattern = "*"): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
    cursor = next;
    for (const key of keys) out[key] = (await redis.dumpBuffer(key))?.toString("hex") ?? "";
  } while (cursor !== "0");
  return out;
}
