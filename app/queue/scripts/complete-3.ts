import { LIB } from "./lib.js";

/**
 * Marks an active job completed with its result; the record expires after the TTL.
 * KEYS[1] processing · KEYS[2] completed index · KEYS[3] job hash
 * ARGV[1] id · ARGV[2] lease token · ARGV[3] result JSON · ARGV[4] now ms · ARGV[5] TTL ms
 * ARGV[6] idempotency key stem · ARGV[7] metrics key stem
 * Returns 1, or ERR_NOT_FOUND / ERR_LEASE_LOST.
 */
export const completeScript = `${LIB}
local check = check_lease(KEYS[3], ARGV[2])
if check ~= 0 then return check end
local now, ttlMs = tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('HSET', KEYS[3], 'status', 'completed', 'result', ARGV[3], 'progress', 100,
  'updatedAt', now, 'finishedAt', now)
redis.call('HDEL', KEYS[3], 'leaseUntil', 'error')
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttlMs)
expire_record(KEYS[3], ARGV[6], ttlMs)
bump_metric(ARGV[7], 'completed', now)
return 1
`;
