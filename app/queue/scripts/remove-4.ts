import { LIB } from "./lib.js";

/**
 * Deletes a finished job (completed, dead or cancelled) and its index entries now, before its TTL.
 * KEYS[1] completed index · KEYS[2] cancelled index · KEYS[3] dlq · KEYS[4] job hash
 * ARGV[1] id · ARGV[2] idempotency key stem
 * Returns 1, or ERR_NOT_FOUND / -5 (still queued or running).
 */
export const removeScript = `${LIB}
local job = redis.call('HMGET', KEYS[4], 'status', 'idempotencyKey')
if not job[1] then return ERR_NOT_FOUND end
if job[1] ~= 'completed' and job[1] ~= 'dead' and job[1] ~= 'cancelled' then return -5 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if job[2] then redis.call('DEL', ARGV[2] .. job[2]) end
redis.call('DEL', KEYS[4])
return 1
`;
