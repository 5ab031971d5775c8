import { LIB } from "./lib.js";

/**
 * Adds a job, or returns the existing one for a known idempotency key.
 * KEYS[1] pending list of the job's priority · KEYS[2] delayed set
 * ARGV[1] job key stem · ARGV[2] idempotency key stem · ARGV[3] id · ARGV[4] payload JSON
 * ARGV[5] priority · ARGV[6] maxAttempts · ARGV[7] now ms · ARGV[8] idempotency key or ''
 * ARGV[9] delay ms (0: claimable now)
 * Returns {created (1|0), HGETALL of the job}.
 */
export const enqueueScript = `${LIB}
local jobPrefix, idemPrefix, id, idem = ARGV[1], ARGV[2], ARGV[3], ARGV[8]
local now, delay = tonumber(ARGV[7]), tonumber(ARGV[9])
if idem ~= '' then
  local existing = redis.call('GET', idemPrefix .. idem)
  if existing and redis.call('EXISTS', jobPrefix .. existing) == 1 then
    return {0, redis.call('HGETALL', jobPrefix .. existing)}
  end
end
local jobKey = jobPrefix .. id
redis.call('HSET', jobKey, 'id', id, 'status', delay > 0 and 'delayed' or 'pending',
  'priority', ARGV[5], 'payload', ARGV[4], 'attempts', 0, 'maxAttempts', ARGV[6], 'runs', 0,
  'progress', 0, 'createdAt', now, 'updatedAt', now)
if idem ~= '' then
  redis.call('SET', idemPrefix .. idem, id)
  redis.call('HSET', jobKey, 'idempotencyKey', idem)
end
if delay > 0 then
  redis.call('HSET', jobKey, 'runAt', now + delay)
  redis.call('ZADD', KEYS[2], now + delay, id)
else
  redis.call('RPUSH', KEYS[1], id)
end
return {1, redis.call('HGETALL', jobKey)}
`;
