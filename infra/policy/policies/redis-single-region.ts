// One region by design: the queue has a single writer path, read replicas would add their price per
// region and replication lag to every claim, and Upstash no longer creates regional databases, so
// "one region" means `region: "global"` with a primary and no read regions. Mandatory, because a read
// region costs money the moment it exists; a stack that needs one lists it in the policy config.
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { RedisDatabase } from "@upstash/pulumi";

import { UPSTASH_REGIONS } from "../../config/regions.js";

/** Primary regions of Upstash global databases: the same list the stack config accepts. */
export const UPSTASH_PRIMARY_REGIONS = UPSTASH_REGIONS;

export interface RedisSingleRegionConfig {
  /** Read regions a stack may add anyway. @default [] */
  allowedReadRegions?: string[];
}

export const redisSingleRegion: ResourceValidationPolicy = {
  name: "redis-single-region",
  description:
    'Upstash Redis databases must be single-region: region "global", a supported primaryRegion and no readRegions.',
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    'Set region: "global" and primaryRegion to one region, and drop readRegions (or list them under allowedReadRegions in the policy config).',
  configSchema: {
    properties: {
      allowedReadRegions: { type: "array", items: { type: "string" }, default: [] },
    },
  },
  validateResource: validateResourceOfType(RedisDatabase, (db, args, reportViolation) => {
    const { allowedReadRegions = [] } = args.getConfig<RedisSingleRegionConfig>();
    const name = db.databaseName;
    if (db.region !== "global") {
      reportViolation(
        `RedisDatabase "${name}" has region "${db.region}"; set region: "global" with a primaryRegion (Upstash no longer creates regional databases).`,
      );
    }
    const primary = db.primaryRegion;
    if (!primary || !(UPSTASH_PRIMARY_REGIONS as readonly string[]).includes(primary)) {
      reportViolation(
        `RedisDatabase "${name}" has primaryRegion ${primary ? `"${primary}"` : "unset"}; set it to one of ${UPSTASH_PRIMARY_REGIONS.join(", ")}.`,
      );
    }
    const extra = (db.readRegions ?? []).filter((r) => !allowedReadRegions.includes(r));
    if (extra.length > 0) {
      reportViolation(
        `RedisDatabase "${name}" has readRegions ${extra.join(", ")}; the queue is single-region by design. Remove them, or allow them with the policy config allowedReadRegions.`,
      );
    }
  }),
};
