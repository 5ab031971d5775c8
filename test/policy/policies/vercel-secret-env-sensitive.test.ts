import { describe, expect, test } from "vitest";
import { secretEnvKeys } from "../../../app/config/env.js";
import { vercelSecretEnvSensitive } from "../../../infra/policy/policies/vercel-secret-env-sensitive.js";
import { TYPES, validateResource } from "../support/policy-harness.js";

const envVar = (key: string, sensitive: boolean, targets = ["production", "preview"]) => ({
  type: TYPES.vercelEnvVar,
  props: { projectId: "prj_1", key, value: "v", sensitive, targets },
});

describe("vercel-secret-env-sensitive", () => {
  test("passes a secret env var marked sensitive", async () => {
    const outcome = await validateResource(vercelSecretEnvSensitive, envVar("KLAP_API_KEY", true));
    expect(outcome).toEqual({ violations: [] });
  });

  test("reports every secret key of the app when it is not sensitive", async () => {
    for (const key of secretEnvKeys) {
      const { violations } = await validateResource(vercelSecretEnvSensitive, envVar(key, false));
      expect(violations, key).toEqual([
        `Vercel env var ${key} holds a secret but has sensitive false; set sensitive: true so it cannot be read back.`,
      ]);
    }
  });

  test("reports a key that names a secret even if the app does not list it", async () => {
    const { violations } = await validateResource(
      vercelSecretEnvSensitive,
      envVar("STRIPE_WEBHOOK_PASSWORD", false),
    );
    expect(violations).toHaveLength(1);
  });

  test("passes plain settings that are not sensitive", async () => {
    for (const key of ["UPSTASH_REDIS_REST_URL", "QUEUE_PREFIX", "DISPATCH_MODE", "APP_BASE_URL"]) {
      expect(await validateResource(vercelSecretEnvSensitive, envVar(key, false))).toEqual({
        violations: [],
      });
    }
  });

  test("passes a secret that targets only development, where Vercel forbids sensitive", async () => {
    const outcome = await validateResource(
      vercelSecretEnvSensitive,
      envVar("KLAP_API_KEY", false, ["development"]),
    );
    expect(outcome).toEqual({ violations: [] });
  });

  test("checks shared env vars", async () => {
    const shared = (sensitive: boolean) => ({
      type: TYPES.vercelSharedEnvVar,
      props: {
        key: "QSTASH_TOKEN",
        value: "v",
        projectIds: ["prj_1"],
        sensitive,
        targets: ["production"],
      },
    });
    expect((await validateResource(vercelSecretEnvSensitive, shared(true))).violations).toEqual([]);
    expect(
      (await validateResource(vercelSecretEnvSensitive, shared(false))).violations,
    ).toHaveLength(1);
  });

  test("checks each variable of a ProjectEnvironmentVariables batch", async () => {
    const { violations } = await validateResource(vercelSecretEnvSensitive, {
      type: TYPES.vercelEnvVars,
      props: {
        projectId: "prj_1",
        variables: [
          { key: "CRON_SECRET", value: "v", sensitive: true, targets: ["production"] },
          { key: "WORKER_SECRET", value: "v", sensitive: false, targets: ["production"] },
          { key: "QUEUE_PREFIX", value: "klap", sensitive: false, targets: ["production"] },
        ],
      },
    });
    expect(violations).toEqual([expect.stringMatching(/^Vercel env var WORKER_SECRET /)]);
  });

  test("checks env vars inline on the Project", async () => {
    const project = (sensitive: boolean) => ({
      type: TYPES.vercelProject,
      props: {
        name: "inflio-jobs",
        environments: [
          { key: "UPSTASH_REDIS_REST_TOKEN", value: "v", sensitive, targets: ["production"] },
        ],
      },
    });
    expect((await validateResource(vercelSecretEnvSensitive, project(true))).violations).toEqual(
      [],
    );
    expect((await validateResource(vercelSecretEnvSensitive, project(false))).violations).toEqual([
      expect.stringMatching(/UPSTASH_REDIS_REST_TOKEN/),
    ]);
  });

  test("reports secrets passed as Deployment env, which cannot be sensitive", async () => {
    const deployment = (environment: Record<string, string>) => ({
      type: TYPES.vercelDeployment,
      props: { projectId: "prj_1", files: {}, environment },
    });
    expect(
      (await validateResource(vercelSecretEnvSensitive, deployment({ QUEUE_PREFIX: "pr-7:klap" })))
        .violations,
    ).toEqual([]);
    expect(
      (await validateResource(vercelSecretEnvSensitive, deployment({ QUEUE_API_TOKEN: "t" })))
        .violations,
    ).toEqual([expect.stringMatching(/^Deployment.environment sets QUEUE_API_TOKEN/)]);
  });
});
