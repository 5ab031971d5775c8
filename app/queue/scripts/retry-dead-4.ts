import { LIB } from "./lib.js";

/**
 * Moves dead-lettered jobs back to the end of their queue with a fresh set of attempts.
 * KEYS[1] dlq · KEYS[2..4] pending lists high, normal, low
 * ARGV[1] job key stem · ARGV[2] idempotency key stem · ARGV[3] now ms
 * ARGV[4] one job id, or '' for every dead job (oldest first) · ARGV[5] most to retry
 * Returns the number retried, or ERR_NOT_FOUND / -4 (not dead) for a single id.
 */
export const retryDeadScript = `${LIB}
local pending = {high = KEYS[2], normal = KEYS[3], low = KEYS[4]}
local jobPrefix, idemPrefix, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local ids
if ARGV[4] ~= '' then
  local status = redis.call('HGET', jobPrefix .. ARGV[4], 'status')
  if not status then return ERR_NOT_FOUND end
  if status ~= 'dead' then return -4 end
  ids = {ARGV[4]}
else
  ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[5]) - 1)
end
local retried = 0
for _, id in ipairs(ids) do
  local jobKey = jobPrefix .. id
  redis.call('ZREM', KEYS[1], id)
  local job = redis.call('HMGET', jobKey, 'status', 'priority', 'idempotencyKey')
  if job[1] == 'dead' then
    redis.call('HSET', jobKey, 'status', 'pending', 'attempts', 0, 'updatedAt', now)
    redis.call('HDEL', jobKey, 'finishedAt')
    redis.call('PERSIST', jobKey)
    if job[3] then redis.call('PERSIST', idemPrefix .. job[3]) end
    redis.call('RPUSH', pending[job[2]] or pending['normal'], id)
    retried = retried + 1
  end
end
return retried
`;
