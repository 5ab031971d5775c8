export { cronAtMostEveryMinute } from "./cron-at-most-every-minute.js";
export { prodRedisProtected } from "./prod-redis-protected.js";
export { redisEviction } from "./redis-eviction.js";
export { redisSingleRegion } from "./redis-single-region.js";
export { redisTls } from "./redis-tls.js";
export { stackOutputsSecret } from "./stack-outputs-secret.js";
export { vercelSecretEnvSensitive } from "./vercel-secret-env-sensitive.js";
