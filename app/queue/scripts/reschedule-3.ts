import { LIB } from "./lib.js";

/**
 * Puts an active job back to wait (e.g. until an external task is worth polling again) and saves
 * its step state. Not a failure: attempts are unchanged.
 * KEYS[1] processing · KEYS[2] delayed · KEYS[3] job hash
 * ARGV[1] id · ARGV[2] lease token · ARGV[3] now ms · ARGV[4] delay ms · ARGV[5] state JSON or ''
 * ARGV[6] progress or '' · ARGV[7] step or ''
 * Returns 1, or ERR_NOT_FOUND / ERR_LEASE_LOST.
 */
export const rescheduleScript = `${LIB}
local check = check_lease(KEYS[3], ARGV[2])
if check ~= 0 then return check end
local now, delay = tonumber(ARGV[3]), tonumber(ARGV[4])
save_step(KEYS[3], ARGV[5], ARGV[6], ARGV[7])
redis.call('HSET', KEYS[3], 'status', 'delayed', 'runAt', now + delay, 'updatedAt', now)
redis.call('HDEL', KEYS[3], 'leaseUntil')
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now + delay, ARGV[1])
return 1
`;
