import { LIB } from "./lib.js";

/**
 * Records a failed attempt: retry after a backoff, or dead-letter when attempts are used up or the
 * error is not retryable.
 * KEYS[1] processing · KEYS[2] delayed · KEYS[3] dlq · KEYS[4] job hash
 * ARGV[1] id · ARGV[2] lease token · ARGV[3] error message · ARGV[4] now ms · ARGV[5] backoff ms
 * ARGV[6] retryable (1|0) · ARGV[7] TTL ms · ARGV[8] idempotency key stem · ARGV[9] metrics key stem
 * Returns {'delayed'|'dead', attempts}, or ERR_NOT_FOUND / ERR_LEASE_LOST.
 */
export const failScript = `${LIB}
local check = check_lease(KEYS[4], ARGV[2])
if check ~= 0 then return check end
local id, now, delay = ARGV[1], tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZREM', KEYS[1], id)
local attempts = redis.call('HINCRBY', KEYS[4], 'attempts', 1)
local maxAttempts = tonumber(redis.call('HGET', KEYS[4], 'maxAttempts'))
if ARGV[6] ~= '1' or attempts >= maxAttempts then
  dead_letter(KEYS[4], id, KEYS[3], now, ARGV[3], tonumber(ARGV[7]), ARGV[8], ARGV[9])
  return {'dead', attempts}
end
redis.call('HSET', KEYS[4], 'status', 'delayed', 'error', ARGV[3], 'runAt', now + delay, 'updatedAt', now)
redis.call('HDEL', KEYS[4], 'leaseUntil')
redis.call('ZADD', KEYS[2], now + delay, id)
return {'delayed', attempts}
`;
