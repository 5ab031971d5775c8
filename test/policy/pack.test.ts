// Boots the bundled pack the way `pulumi preview --policy-pack` does (Pulumi's run-policy-pack script,
// started in the pack's folder) and talks to it over the analyzer gRPC protocol with Pulumi's own
// generated client, so the bundle, its package.json and the wire format of secrets are all real.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { buildPolicyPack, PACK_DIR } from "../../infra/policy/build.js";
import { TYPES } from "./support/policy-harness.js";

// Pulumi's generated protocol modules, loaded from the same copy of @pulumi/pulumi the pack uses.
const pulumiRequire = createRequire(
  createRequire(import.meta.url).resolve("@pulumi/pulumi/package.json"),
);
const grpc = pulumiRequire("@grpc/grpc-js");
const pb = pulumiRequire("./proto/analyzer_pb.js");
const { AnalyzerClient } = pulumiRequire("./proto/analyzer_grpc_pb.js");
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb.js");
const { Empty } = pulumiRequire("google-protobuf/google/protobuf/empty_pb.js");
const { specialSigKey, specialSecretSig } = pulumiRequire("./runtime/rpc.js");

const MANDATORY = 1;

interface Diagnostic {
  policy: string;
  message: string;
  level: number;
}

const packDir = join(
  import.meta.dirname,
  "..",
  "artifacts",
  `policy-pack-${randomBytes(4).toString("hex")}`,
);
let runner: ChildProcess;
let client: { close(): void } & Record<string, (...args: unknown[]) => void>;

beforeAll(async () => {
  mkdirSync(packDir, { recursive: true });
  copyFileSync(join(PACK_DIR, "package.json"), join(packDir, "package.json"));
  copyFileSync(join(PACK_DIR, "PulumiPolicy.yaml"), join(packDir, "PulumiPolicy.yaml"));
  await buildPolicyPack(join(packDir, "bin", "index.cjs"));
  const script = pulumiRequire.resolve("./cmd/run-policy-pack");
  // Arguments as Pulumi passes them: the engine address (unused by the pack) and the program ".".
  runner = spawn(process.execPath, [script, "127.0.0.1:1", "."], { cwd: packDir });
  let stderr = "";
  runner.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const [first] = (await Promise.race([
    once(runner.stdout!, "data"),
    once(runner, "exit").then(() => {
      throw new Error(`policy pack exited before serving:\n${stderr}`);
    }),
  ])) as [Buffer];
  const port = Number(first.toString().trim());
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 60_000);

afterAll(() => {
  client?.close();
  runner?.kill();
  rmSync(packDir, { recursive: true, force: true });
});

function call<T>(method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    client[method]!(request, (error: Error | null, response: T) =>
      error ? reject(error) : resolve(response),
    );
  });
}

function resourceOptions(additionalSecretOutputs: string[] = []) {
  const options = new pb.AnalyzerResourceOptions();
  options.setProtect(false);
  options.setAdditionalsecretoutputsList(additionalSecretOutputs);
  return options;
}

function diagnostics(response: { getDiagnosticsList(): unknown[] }): Diagnostic[] {
  return response.getDiagnosticsList().map((d) => {
    const diagnostic = d as Record<string, () => unknown>;
    return {
      policy: diagnostic.getPolicyname!() as string,
      message: diagnostic.getMessage!() as string,
      level: diagnostic.getEnforcementlevel!() as number,
    };
  });
}

async function analyze(type: string, props: object): Promise<Diagnostic[]> {
  const request = new pb.AnalyzeRequest();
  request.setType(type);
  request.setName("queue");
  request.setUrn(`urn:pulumi:dev::inflio-jobs::${type}::queue`);
  request.setProperties(Struct.fromJavaScript(props));
  request.setOptions(resourceOptions());
  return diagnostics(await call("analyze", request));
}

/** A value as the engine sends a secret over the wire. */
const secret = (value: string) => ({ [specialSigKey]: specialSecretSig, value });

describe("policy pack folder", () => {
  test("is a Node.js policy pack whose package.json points at the bundle build.ts writes", () => {
    const policyYaml = parse(readFileSync(join(PACK_DIR, "PulumiPolicy.yaml"), "utf8"));
    expect(policyYaml.runtime).toBe("nodejs");
    const pkg = JSON.parse(readFileSync(join(PACK_DIR, "package.json"), "utf8"));
    // PolicyPack refuses to start without a version; `main` is what the runner requires.
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.main).toBe("bin/index.cjs");
    // Everything resolves from the repository's node_modules: nothing to install in the folder.
    expect(pkg.dependencies).toBeUndefined();
    expect(readFileSync(join(PACK_DIR, ".gitignore"), "utf8")).toContain("bin/");
  });
});

describe("policy pack over Pulumi's analyzer protocol", () => {
  test("serves every policy, all mandatory", async () => {
    const info = await call<{ getName(): string; getPoliciesList(): unknown[] }>(
      "getAnalyzerInfo",
      new Empty(),
    );
    expect(info.getName()).toBe("inflio-jobs");
    const policies = info
      .getPoliciesList()
      .map((p) => p as { getName(): string; getEnforcementlevel(): number })
      .map((p) => [p.getName(), p.getEnforcementlevel()]);
    expect(Object.fromEntries(policies)).toEqual({
      "redis-tls": MANDATORY,
      "redis-eviction": MANDATORY,
      "redis-single-region": MANDATORY,
      "prod-redis-protected": MANDATORY,
      "vercel-secret-env-sensitive": MANDATORY,
      "cron-at-most-every-minute": MANDATORY,
      "stack-outputs-secret": MANDATORY,
    });
  });

  test("passes a database as designed and reports one without TLS", async () => {
    const designed = {
      databaseName: "inflio-jobs-dev",
      region: "global",
      primaryRegion: "us-east-1",
      tls: true,
      eviction: true,
    };
    expect(await analyze(TYPES.redis, designed)).toEqual([]);
    expect(await analyze(TYPES.redis, { ...designed, tls: false })).toEqual([
      { policy: "redis-tls", level: MANDATORY, message: expect.stringMatching(/has tls false/) },
    ]);
  });

  test("recognises secret outputs by their source, although the pack receives them unwrapped", async () => {
    const token = "AYQgASQgMzA4NmY3ZDYtZTk4Ny00";
    const resource = (type: string, name: string, props: object, secretOutputs: string[] = []) => {
      const r = new pb.AnalyzerResource();
      r.setType(type);
      r.setName(name);
      r.setUrn(`urn:pulumi:dev::inflio-jobs::${type}::${name}`);
      r.setProperties(Struct.fromJavaScript(props));
      r.setOptions(resourceOptions(secretOutputs));
      return r;
    };
    const request = new pb.AnalyzeStackRequest();
    request.setResourcesList([
      resource(TYPES.stack, "inflio-jobs-dev", {
        redisRestToken: secret(token),
        queueApiToken: "typed-into-the-program",
      }),
      resource(TYPES.redis, "queue", { restToken: secret(token) }, ["password", "restToken"]),
    ]);
    expect(diagnostics(await call("analyzeStack", request))).toEqual([
      {
        policy: "stack-outputs-secret",
        level: MANDATORY,
        message: expect.stringMatching(/\nStack output queueApiToken looks like a secret/),
      },
    ]);
  });
});
