// The whole program under Pulumi's mock runtime, with the real provider SDK classes and each stack's
// real stack file: what the engine would be asked to create, with which inputs and options.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, test } from "vitest";
import {
  CRON_PATH,
  requiredEnvKeys,
  secretEnvKeys,
  WORKER_PATH,
} from "../../infra/app-contract.js";
import { SHARED_REDIS_OUTPUTS } from "../../infra/components/shared-redis.js";
import { StackConfigError } from "../../infra/config/stack-config-error.js";
import { parseStackConfig, type StackConfig } from "../../infra/config/stack-config.js";
import { fakeSharedStackOutputs } from "../../infra/plan/fake-cloud.js";
import { type MockRun, Secret, unwrap } from "../../infra/plan/mock-runtime.js";
import { stackRunOptions } from "../../infra/plan/stack-files.js";
import { envVars, ofType, only, runStack, TYPES } from "./support.js";

const STACKS = ["dev", "prod", "pr-123"] as const;
const runs = new Map<string, MockRun>();
const configs = new Map<string, StackConfig>();

beforeAll(async () => {
  for (const stack of STACKS) {
    const options = stackRunOptions(stack);
    configs.set(
      stack,
      parseStackConfig({ ...options, organization: "organization", values: options.config }),
    );
    runs.set(stack, await runStack(stack));
  }
});

describe.each(STACKS)("stack %s", (stack) => {
  const run = () => runs.get(stack)!;
  const config = () => configs.get(stack)!;

  test("has a Vercel project named after the stack, functions next to the database", () => {
    const project = only(run(), TYPES.project);
    expect(project.name).toBe(`inflio-jobs-${stack}-vercel-project`);
    expect(project.inputs).toEqual({
      name: `inflio-jobs-${stack}`,
      automaticallyExposeSystemEnvironmentVariables: true,
      vercelAuthentication: {
        deploymentType: config().vercel.deploymentProtection ? "standardProtectionNew" : "none",
      },
      resourceConfig: { functionDefaultRegions: [config().vercel.region] },
    });
  });

  test("sets every env var the app's schema requires on the project", () => {
    const keys = [...envVars(run()).keys()];
    for (const key of requiredEnvKeys) expect(keys).toContain(key);
    for (const v of envVars(run()).values()) {
      expect(v.inputs.projectId).toBe(`prj_inflio-jobs-${stack}`);
    }
  });

  test("sends every secret to Vercel as a Pulumi secret and sensitive", () => {
    // The component's inputs show what the program marked; the SDK adds nothing there.
    const app = only(run(), TYPES.vercelApp);
    const given = app.inputs.environment as { key: string; value: unknown; sensitive: boolean }[];
    expect(given.map((v) => v.key).sort()).toEqual([...envVars(run()).keys()].sort());
    for (const v of given) {
      const secret = (secretEnvKeys as readonly string[]).includes(v.key);
      if (secret)
        expect({ key: v.key, value: v.value }).toEqual({ key: v.key, value: expect.any(Secret) });
      expect({ key: v.key, sensitive: envVars(run()).get(v.key)!.inputs.sensitive }).toEqual({
        key: v.key,
        sensitive: secret,
      });
    }
    // The provider SDK marks every value secret on the wire, whatever we pass.
    for (const v of envVars(run()).values()) expect(v.inputs.value).toBeInstanceOf(Secret);
  });

  test("replaces env vars delete-first, on production and preview deployments", () => {
    for (const v of envVars(run()).values()) {
      expect(v.deleteBeforeReplace).toBe(true);
      expect(v.inputs.targets).toEqual(["production", "preview"]);
    }
  });

  test("deploys the built bundle to production, after every env var", () => {
    const deployment = only(run(), TYPES.deployment);
    const root = `.local/pulumi/${stack}`;
    expect(deployment.name).toBe(`inflio-jobs-${stack}-vercel-deployment`);
    expect(deployment.inputs).toMatchObject({
      projectId: `prj_inflio-jobs-${stack}`,
      production: true,
      deleteOnDestroy: config().ephemeral,
      pathPrefix: root,
    });
    expect(Object.keys(deployment.inputs.files as object)).toContain(
      `${root}/.vercel/output/config.json`,
    );
    expect((deployment.inputs.meta as { envRevision: string }).envRevision).toMatch(
      /^[0-9a-f]{16}$/,
    );
    for (const v of envVars(run()).values()) expect(deployment.dependencies).toContain(v.urn);
    expect(run().invokes).toEqual([
      { token: "vercel:index/getPrebuiltProject:getPrebuiltProject", args: { path: root } },
    ]);
  });

  test("builds with the configured cron schedule and maxDurations", () => {
    expect(run().builds).toHaveLength(1);
    const [build] = run().builds;
    const { maxDuration, trigger, cronSchedule } = config();
    expect(build!.env).toEqual({
      CRON_SCHEDULE: trigger === "vercel-cron" ? cronSchedule : "off",
      API_MAX_DURATION: String(maxDuration.api),
      CRON_MAX_DURATION: String(maxDuration.cron),
      WORKER_MAX_DURATION: String(maxDuration.worker),
      VERCEL_OUTPUT_ROOT: `.local/pulumi/${stack}`,
    });
    // What the app's build code writes for that env: crons in config.json, limits per function.
    const files = [...run().cloud.bundles.values()][0]!;
    const vercelConfig = JSON.parse(files.get("config.json")!);
    expect(vercelConfig.crons).toEqual(
      trigger === "vercel-cron" ? [{ path: CRON_PATH, schedule: cronSchedule }] : undefined,
    );
    const limit = (fn: string) =>
      JSON.parse(files.get(`functions/${fn}.func/.vc-config.json`)!).maxDuration;
    expect(limit("api/cron/klap")).toBe(maxDuration.cron);
    expect(limit("api/worker/klap")).toBe(maxDuration.worker);
    expect(limit("app")).toBe(maxDuration.api);
  });

  test("schedules the cron route on QStash exactly when the trigger is qstash", () => {
    const schedules = ofType(run(), TYPES.schedule);
    if (config().trigger === "vercel-cron") {
      expect(schedules).toEqual([]);
      return;
    }
    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.name).toBe(`inflio-jobs-${stack}-qstash-schedule`);
    expect(schedules[0]!.inputs).toEqual({
      destination: `https://inflio-jobs-${stack}.vercel.app${CRON_PATH}`,
      cron: config().cronSchedule,
      method: "POST",
    });
  });

  test("generates the app's tokens per stack, letters and digits only", () => {
    const passwords = ofType(run(), TYPES.password);
    const names = passwords.map((p) => p.name).sort();
    const expected = ["cron-secret", "queue-api-token", "worker-secret"];
    if (config().vercel.deploymentProtection) expected.push("protection-bypass");
    expect(names).toEqual(expected.sort().map((n) => `inflio-jobs-${stack}-secrets-${n}`));
    for (const p of passwords) expect(p.inputs).toMatchObject({ special: false });
  });

  test("protects and retains the stateful resources only when the config says so", () => {
    const protect = config().protect;
    const durable = [...ofType(run(), TYPES.redis), only(run(), TYPES.project)];
    for (const r of durable)
      expect({ name: r.name, protect: r.protect, retain: r.retainOnDelete }).toEqual({
        name: r.name,
        protect,
        retain: protect,
      });
    for (const p of ofType(run(), TYPES.password)) expect(p.protect).toBe(protect);
    // Replaced on every change, so never protected.
    for (const r of [...envVars(run()).values(), only(run(), TYPES.deployment)]) {
      expect(r.protect).toBe(false);
    }
  });

  test("exports the URLs, ids and the generated tokens as secrets", async () => {
    const { outputs } = run();
    const appUrl = `https://inflio-jobs-${stack}.vercel.app`;
    expect(await unwrap(outputs.appUrl)).toBe(appUrl);
    expect(await unwrap(outputs.cronUrl)).toBe(`${appUrl}${CRON_PATH}`);
    expect(await unwrap(outputs.workerUrl)).toBe(`${appUrl}${WORKER_PATH}`);
    expect(await unwrap(outputs.vercelProjectId)).toBe(`prj_inflio-jobs-${stack}`);
    expect(outputs.queuePrefix).toBe(config().queuePrefix);
    for (const key of [
      "queueApiToken",
      "workerSecret",
      "cronSecret",
      "redisRestToken",
      "redisRestUrl",
    ] as const) {
      expect({ key, secret: await pulumi.isSecret(outputs[key]) }).toEqual({ key, secret: true });
    }
    expect(await pulumi.isSecret(outputs.redisEndpoint)).toBe(false);
  });
});

describe.each(["dev", "prod"])("stack %s", (stack) => {
  test("owns a global single-region Redis with TLS and eviction, its tokens secret", () => {
    const run = runs.get(stack)!;
    const config = configs.get(stack)!;
    if (config.redis.mode !== "own") throw new Error("expected an own database");
    const db = only(run, TYPES.redis);
    expect(db.name).toBe(`inflio-jobs-${stack}-redis-database`);
    expect(db.inputs).toEqual({
      databaseName: `inflio-jobs-${stack}`,
      region: "global",
      primaryRegion: config.redis.primaryRegion,
      tls: true,
      eviction: true,
      budget: config.redis.budget,
    });
    expect(db.additionalSecretOutputs).toEqual(
      expect.arrayContaining(["restToken", "readOnlyRestToken"]),
    );
    expect(ofType(run, TYPES.stackReference)).toEqual([]);
  });

  test("exports what a preview stack's StackReference reads, the REST URL and token as secrets", async () => {
    const { outputs } = runs.get(stack)!;
    const exported = outputs as unknown as Record<string, pulumi.Output<string>>;
    for (const name of Object.values(SHARED_REDIS_OUTPUTS)) expect(exported).toHaveProperty(name);
    expect(await unwrap(exported[SHARED_REDIS_OUTPUTS.restUrl]!)).toBe(
      `https://inflio-jobs-${stack}-mock.upstash.io`,
    );
    expect(await pulumi.isSecret(exported[SHARED_REDIS_OUTPUTS.restUrl]!)).toBe(true);
    expect(await pulumi.isSecret(exported[SHARED_REDIS_OUTPUTS.restToken]!)).toBe(true);
  });
});

describe("stack prod", () => {
  test("protects and retains the database and the project", () => {
    const run = runs.get("prod")!;
    for (const r of [only(run, TYPES.redis), only(run, TYPES.project)]) {
      expect([r.protect, r.retainOnDelete]).toEqual([true, true]);
    }
  });

  test("keeps its deployments on destroy, and runs crons on Vercel", () => {
    const run = runs.get("prod")!;
    expect(only(run, TYPES.deployment).inputs.deleteOnDestroy).toBe(false);
    expect(run.builds[0]!.env.CRON_SCHEDULE).toBe("* * * * *");
  });

  test("gives QStash deliveries a protection bypass, stored as a secret", () => {
    const run = runs.get("prod")!;
    const bypass = only(run, TYPES.bypass);
    expect(bypass.inputs).toMatchObject({ isEnvVar: true, projectId: "prj_inflio-jobs-prod" });
    expect(bypass.inputs.secret).toBeInstanceOf(Secret);
    expect(envVars(run).get("VERCEL_AUTOMATION_BYPASS_SECRET")!.inputs.sensitive).toBe(true);
    expect(only(run, TYPES.deployment).dependencies).toContain(bypass.urn);
  });
});

describe("stack pr-123", () => {
  test("shares dev's database through a StackReference, under its own prefix", () => {
    const run = runs.get("pr-123")!;
    expect(ofType(run, TYPES.redis)).toEqual([]);
    const ref = only(run, TYPES.stackReference);
    expect(ref).toMatchObject({ read: true, name: "inflio-jobs-pr-123-redis-owner" });
    expect(ref.inputs).toEqual({ name: "organization/inflio-jobs/dev" });

    const env = only(run, TYPES.vercelApp).inputs.environment as { key: string; value: unknown }[];
    const value = (key: string) => env.find((v) => v.key === key)!.value;
    const dev = fakeSharedStackOutputs("organization/inflio-jobs/dev");
    expect(value("QUEUE_PREFIX")).toBe("pr-123:klap");
    expect(value("UPSTASH_REDIS_REST_URL")).toEqual(new Secret(dev[SHARED_REDIS_OUTPUTS.restUrl]));
    expect(value("UPSTASH_REDIS_REST_TOKEN")).toEqual(
      new Secret(dev[SHARED_REDIS_OUTPUTS.restToken]),
    );
  });

  test("is torn down whole: deployment deleted, nothing protected", () => {
    const run = runs.get("pr-123")!;
    expect(only(run, TYPES.deployment).inputs).toMatchObject({
      production: true,
      deleteOnDestroy: true,
    });
    expect(run.resources.filter((r) => r.protect || r.retainOnDelete)).toEqual([]);
  });
});

describe("config changes", () => {
  test("a changed env var value gives the deployment a new revision, so it is replaced", async () => {
    const before = only(runs.get("dev")!, TYPES.deployment).inputs.meta;
    const after = only(
      await runStack("dev", { "inflio-jobs:klapApiKey": "another-klap-key" }),
      TYPES.deployment,
    ).inputs.meta;
    expect(after).not.toEqual(before);
  });

  test("with deployment protection, QStash forwards the bypass header as a secret", async () => {
    const run = await runStack("dev", { "inflio-jobs:deploymentProtection": "true" });
    const schedule = only(run, TYPES.schedule);
    expect(schedule.inputs.forwardHeaders).toBeInstanceOf(Secret);
    const headers = (schedule.inputs.forwardHeaders as Secret).value as Record<string, string>;
    expect(Object.keys(headers)).toEqual(["x-vercel-protection-bypass"]);
    expect(headers["x-vercel-protection-bypass"]).toHaveLength(32);
  });

  test("read regions from config reach the database", async () => {
    const run = await runStack("dev", { "inflio-jobs:redisReadRegions": '["us-west-2"]' });
    expect(only(run, TYPES.redis).inputs.readRegions).toEqual(["us-west-2"]);
  });

  test.each([
    ["inflio-jobs:redisPrimaryRegion", "mars-1"],
    ["inflio-jobs:cronSchedule", "every minute"],
    ["inflio-jobs:maxDurationSeconds", '{"worker":9000}'],
    ["inflio-jobs:klapApiKey", undefined],
  ])(
    "an invalid %s fails the run with the key named, before anything is built",
    async (key, value) => {
      const failure = runStack("dev", { [key]: value });
      await expect(failure).rejects.toBeInstanceOf(StackConfigError);
      await expect(failure).rejects.toMatchObject({ keys: [key] });
    },
  );
});
