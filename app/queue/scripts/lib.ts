// Lua helpers shared by the queue scripts; each script is `LIB .. body`, so one EVALSHA does it all.
// Scripts get per-job key stems through ARGV (see keys.ts); Upstash runs them on one node.

export const LIB = /* lua */ `
local ERR_NOT_FOUND, ERR_LEASE_LOST = -1, -2

-- Terminal records (and their idempotency key) expire after the TTL.
local function expire_record(jobKey, idemPrefix, ttlMs)
  redis.call('PEXPIRE', jobKey, ttlMs)
  local idem = redis.call('HGET', jobKey, 'idempotencyKey')
  if idem then redis.call('PEXPIRE', idemPrefix .. idem, ttlMs) end
end

-- Per-minute counters in an hourly hash, kept two hours: the dashboard's throughput line.
local function bump_metric(metricsPrefix, name, now)
  local key = metricsPrefix .. (math.floor(now / 3600000) * 3600000)
  redis.call('HINCRBY', key, name .. ':' .. (math.floor(now / 60000) * 60000), 1)
  redis.call('PEXPIRE', key, 7260000)
end

local function dead_letter(jobKey, id, dlqKey, now, err, ttlMs, idemPrefix, metricsPrefix)
  redis.call('HSET', jobKey, 'status', 'dead', 'error', err, 'updatedAt', now, 'finishedAt', now)
  redis.call('HDEL', jobKey, 'leaseUntil', 'runAt')
  redis.call('ZADD', dlqKey, now, id)
  redis.call('ZREMRANGEBYSCORE', dlqKey, '-inf', now - ttlMs)
  expire_record(jobKey, idemPrefix, ttlMs)
  bump_metric(metricsPrefix, 'dead', now)
end

-- The lease check every worker call starts with: the job must be active and claimed by this run.
local function check_lease(jobKey, lease)
  local st = redis.call('HMGET', jobKey, 'status', 'runs')
  if not st[1] then return ERR_NOT_FOUND end
  if st[1] ~= 'active' or st[2] ~= lease then return ERR_LEASE_LOST end
  return 0
end

-- Saves optional step fields; '' leaves a field as it is.
local function save_step(jobKey, state, progress, step)
  if state ~= '' then redis.call('HSET', jobKey, 'state', state) end
  if progress ~= '' then redis.call('HSET', jobKey, 'progress', progress) end
  if step ~= '' then redis.call('HSET', jobKey, 'step', step) end
end

-- Moves jobs whose lease expired back to the front of their queue (an attempt is spent), or to the
-- dead-letter queue once attempts are used up. pendingKeys maps priority -> list key.
local function reap(processingKey, pendingKeys, dlqKey, jobPrefix, idemPrefix, metricsPrefix, now, ttlMs)
  local requeued, dead = 0, 0
  local expired = redis.call('ZRANGEBYSCORE', processingKey, '-inf', now, 'LIMIT', 0, 1000)
  for _, id in ipairs(expired) do
    redis.call('ZREM', processingKey, id)
    local jobKey = jobPrefix .. id
    local job = redis.call('HMGET', jobKey, 'status', 'priority', 'maxAttempts')
    if job[1] == 'active' then
      local attempts = redis.call('HINCRBY', jobKey, 'attempts', 1)
      local err = 'lease expired: the worker stopped or ran out of time (attempt ' .. attempts .. ')'
      if attempts >= tonumber(job[3]) then
        dead_letter(jobKey, id, dlqKey, now, err, ttlMs, idemPrefix, metricsPrefix)
        dead = dead + 1
      else
        redis.call('HSET', jobKey, 'status', 'pending', 'error', err, 'updatedAt', now)
        redis.call('HDEL', jobKey, 'leaseUntil')
        redis.call('LPUSH', pendingKeys[job[2]] or pendingKeys['normal'], id)
        requeued = requeued + 1
      end
    end
  end
  return requeued, dead
end
`;
