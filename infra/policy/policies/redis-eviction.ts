// The design keeps eviction on: with it off, a database that hits its size limit refuses every write,
// enqueue included, and the whole queue stops.
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { RedisDatabase } from "@upstash/pulumi";

export const redisEviction: ResourceValidationPolicy = {
  name: "redis-eviction",
  description: "Upstash Redis databases must set `eviction: true`.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Set `eviction: true` on the RedisDatabase.",
  validateResource: validateResourceOfType(RedisDatabase, (db, _args, reportViolation) => {
    if (db.eviction !== true) {
      reportViolation(
        `RedisDatabase "${db.databaseName}" has eviction ${String(db.eviction)}; set eviction: true so a full database evicts keys instead of refusing every write.`,
      );
    }
  }),
};
