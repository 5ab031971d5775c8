// Deleting prod's Redis deletes every queued and running job. `protect` makes Pulumi refuse to delete
// or replace it; policies see the option as `args.opts.protect` (it includes protect inherited from a
// parent component), and the stack name comes from the URN.
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { RedisDatabase } from "@upstash/pulumi";
import { stackOfUrn } from "../lib/urn.js";

export interface ProdRedisProtectedConfig {
  /** Stacks whose Redis must be protected. @default ["prod"] */
  protectedStacks?: string[];
}

export const prodRedisProtected: ResourceValidationPolicy = {
  name: "prod-redis-protected",
  description: "The prod stack's Upstash Redis database must have the `protect` resource option.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Pass { protect: true } to the RedisDatabase (or its component) on the prod stack.",
  configSchema: {
    properties: {
      protectedStacks: { type: "array", items: { type: "string" }, default: ["prod"] },
    },
  },
  validateResource: validateResourceOfType(RedisDatabase, (db, args, reportViolation) => {
    const { protectedStacks = ["prod"] } = args.getConfig<ProdRedisProtectedConfig>();
    const stack = stackOfUrn(args.urn);
    if (stack === undefined || !protectedStacks.includes(stack)) return;
    if (!args.opts.protect) {
      reportViolation(
        `RedisDatabase "${db.databaseName}" on stack "${stack}" is not protected; pass { protect: true } so Pulumi never deletes or replaces it.`,
      );
    }
  }),
};
