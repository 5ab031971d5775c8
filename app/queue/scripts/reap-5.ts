import { LIB } from "./lib.js";

/**
 * Returns jobs whose lease expired to their queue (counted as an attempt) or dead-letters them.
 * KEYS[1..3] pending lists high, normal, low · KEYS[4] processing · KEYS[5] dlq
 * ARGV[1] job key stem · ARGV[2] idempotency key stem · ARGV[3] metrics key stem · ARGV[4] now ms
 * ARGV[5] terminal TTL ms
 * Returns {requeued, deadLettered}.
 */
export const reapScript = `${LIB}
local pending = {high = KEYS[1], normal = KEYS[2], low = KEYS[3]}
local requeued, dead = reap(KEYS[4], pending, KEYS[5], ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]))
return {requeued, dead}
`;
