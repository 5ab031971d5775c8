// Upstash's provider leaves `tls` false unless told otherwise; the app talks to Redis over the REST
// API, but the TCP endpoint still exists and must not accept plaintext.
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { RedisDatabase } from "@upstash/pulumi";

export const redisTls: ResourceValidationPolicy = {
  name: "redis-tls",
  description: "Upstash Redis databases must set `tls: true`.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Set `tls: true` on the RedisDatabase.",
  validateResource: validateResourceOfType(RedisDatabase, (db, _args, reportViolation) => {
    if (db.tls !== true) {
      reportViolation(
        `RedisDatabase "${db.databaseName}" has tls ${String(db.tls)}; set tls: true so connections are encrypted.`,
      );
    }
  }),
};
