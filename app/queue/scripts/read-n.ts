/**
 * HGETALL of each key, in one call: a job (`klap:job:<id>`), or the hourly metrics hashes.
 * KEYS[1..n] hashes · Returns {HGETALL of each}.
 */
export const readHashesScript = `
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HGETALL', key) end
return out
`;
