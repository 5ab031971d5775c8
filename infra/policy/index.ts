// The policy pack `pulumi preview --policy-pack infra/policy` runs. Pulumi loads the bundle that
// build.ts writes to bin/index.cjs (see package.json `main`); the policies themselves live in
// policies/, one per file, so tests can call them without starting the pack's gRPC server.
import { PolicyPack } from "@pulumi/policy";
import {
  cronAtMostEveryMinute,
  prodRedisProtected,
  redisEviction,
  redisSingleRegion,
  redisTls,
  stackOutputsSecret,
  vercelSecretEnvSensitive,
} from "./policies/index.js";

new PolicyPack("inflio-jobs", {
  description: "Guardrails for the inflio-jobs stacks: Redis, Vercel env vars, crons, outputs.",
  enforcementLevel: "mandatory",
  policies: [
    redisTls,
    redisEviction,
    redisSingleRegion,
    prodRedisProtected,
    vercelSecretEnvSensitive,
    cronAtMostEveryMinute,
    stackOutputsSecret,
  ],
});
