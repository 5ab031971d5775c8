import { LIB } from "./lib.js";

/**
 * Extends the lease of an active job and saves its step state, so a crash after this point resumes
 * from the saved state (an external task is never submitted twice).
 * KEYS[1] processing · KEYS[2] job hash
 * ARGV[1] id · ARGV[2] lease token · ARGV[3] now ms · ARGV[4] lease ms · ARGV[5] state JSON or ''
 * ARGV[6] progress or '' · ARGV[7] step or ''
 * Returns the new lease expiry (ms), or ERR_NOT_FOUND / ERR_LEASE_LOST.
 */
export const touchScript = `${LIB}
local check = check_lease(KEYS[2], ARGV[2])
if check ~= 0 then return check end
local now = tonumber(ARGV[3])
local leaseUntil = now + tonumber(ARGV[4])
save_step(KEYS[2], ARGV[5], ARGV[6], ARGV[7])
redis.call('HSET', KEYS[2], 'leaseUntil', leaseUntil, 'updatedAt', now)
redis.call('ZADD', KEYS[1], leaseUntil, ARGV[1])
return leaseUntil
`;
