// The whole environment for one stack, in the order it comes up: build, secrets, Redis, the app on
// Vercel, and the trigger that calls its cron route.
import * as pulumi from "@pulumi/pulumi";
import { CRON_PATH, parseEnv, WORKER_PATH } from "./app-contract.js";
import { appEnvironment } from "./app-env.js";
import { type Builder, buildRequest, outputPath, runNpmBuild } from "./bundle/build.js";
import { AppSecrets } from "./components/app-secrets.js";
import { QStashTrigger } from "./components/qstash-trigger.js";
import { SharedRedis } from "./components/shared-redis.js";
import { UpstashRedis } from "./components/upstash-redis.js";
import { VercelApp } from "./components/vercel-app.js";
import { readStackConfig } from "./config/read-stack-config.js";

export interface StackDeps {
  /** Builds the bundle before it is read. @default `npm run build` */
  build?: Builder;
}

/** Stack outputs. Names are a contract: pr stacks read the `redis*` ones through a StackReference. */
export interface StackOutputs {
  appUrl: pulumi.Output<string>;
  cronUrl: pulumi.Output<string>;
  workerUrl: pulumi.Output<string>;
  queuePrefix: string;
  vercelProjectId: pulumi.Output<string>;
  redisEndpoint: pulumi.Output<string>;
  redisDatabaseId: pulumi.Output<string>;
  redisRestUrl: pulumi.Output<string>;
  redisRestToken: pulumi.Output<string>;
  queueApiToken: pulumi.Output<string>;
  workerSecret: pulumi.Output<string>;
  cronSecret: pulumi.Output<string>;
}

export function createStack(deps: StackDeps = {}): StackOutputs {
  const config = readStackConfig();
  const build = buildRequest(config);
  (deps.build ?? runNpmBuild)(build);

  const secrets = new AppSecrets(`${config.name}-secrets`, {
    protectionBypass: config.vercel.deploymentProtection,
    protect: config.protect,
  });

  const redis =
    config.redis.mode === "own"
      ? new UpstashRedis(`${config.name}-redis`, {
          databaseName: config.name,
          primaryRegion: config.redis.primaryRegion,
          readRegions: config.redis.readRegions,
          budget: config.redis.budget,
          protect: config.protect,
        })
      : new SharedRedis(`${config.name}-redis`, { stack: config.redis.stack });

  const app = new VercelApp(`${config.name}-vercel`, {
    outputRoot: outputPath(build),
    projectName: config.name,
    region: config.vercel.region,
    environment: appEnvironment({
      config,
      redis,
      tokens: secrets,
      bypassSecret: secrets.protectionBypass,
    }),
    validateEnvironment: (env) => parseEnv(env),
    protectionBypassSecret: secrets.protectionBypass,
    deleteDeploymentOnDestroy: config.ephemeral,
    protect: config.protect,
  });

  const cronUrl = pulumi.interpolate`${app.url}${CRON_PATH}`;
  if (config.trigger === "qstash") {
    new QStashTrigger(`${config.name}-qstash`, {
      destination: cronUrl,
      cron: config.cronSchedule,
      bypassSecret: secrets.protectionBypass,
    });
  }

  return {
    appUrl: app.url,
    cronUrl,
    workerUrl: pulumi.interpolate`${app.url}${WORKER_PATH}`,
    queuePrefix: config.queuePrefix,
    vercelProjectId: app.projectId,
    redisEndpoint: redis.endpoint,
    redisDatabaseId: redis.databaseId,
    redisRestUrl: pulumi.secret(redis.restUrl),
    redisRestToken: pulumi.secret(redis.restToken),
    queueApiToken: secrets.queueApiToken,
    workerSecret: secrets.workerSecret,
    cronSecret: secrets.cronSecret,
  };
}
