// What the providers and the build would answer, so the program can run offline under Pulumi's mock
// runtime: made-up ids and computed outputs per resource type, the outputs of a shared stack, and the
// bundle files `npm run build` writes (its `config.json` and `.vc-config.json` come from the build's
// own code, for the env the program passes; the function code itself is a placeholder).
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import {
  functionLayout,
  HANDLER_FILE,
  nodeFunctionConfig,
  parseBuildSettings,
  toJsonFile,
  vercelConfig,
} from "../app-contract.js";
import type { BuildRequest } from "../bundle/build.js";
import { SHARED_REDIS_OUTPUTS } from "../components/shared-redis.js";

export const GET_PREBUILT_PROJECT = "vercel:index/getPrebuiltProject:getPrebuiltProject";

export class FakeCloud implements pulumi.runtime.Mocks {
  /** Every build the program asked for, in order. */
  readonly builds: BuildRequest[] = [];
  /** Bundle files by absolute output root: path under `.vercel/output` to content. */
  readonly bundles = new Map<string, Map<string, string>>();

  /** The fake `npm run build`: records the request and lays out the files the build would write. */
  readonly build = (request: BuildRequest): void => {
    this.builds.push(request);
    this.bundles.set(resolve(request.cwd, request.env.VERCEL_OUTPUT_ROOT), fakeBundle(request));
  };

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    if (args.token === GET_PREBUILT_PROJECT) {
      const path = String(args.inputs.path);
      const files = this.bundles.get(resolve(path));
      if (!files) throw new Error(`No bundle was built into ${path} before it was read`);
      // Keys as the provider builds them: the path as given, joined with the file's place.
      const output = Object.fromEntries(
        [...files].map(([file, content]) => [
          join(path, ".vercel", "output", file),
          fileDigest(content),
        ]),
      );
      return { id: path, path, output };
    }
    throw new Error(`The offline plan has no mock for ${args.token}`);
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    if (!args.custom) return { id: undefined, state: {} };
    const { id, state } = fakeResource(args.type, args.name, args.inputs, args.id);
    return { id, state: { ...args.inputs, ...state } };
  }
}

/** Made-up provider answers, derived from the inputs so they stay stable from run to run. */
function fakeResource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  readId: string | undefined,
): { id: string; state: Record<string, unknown> } {
  switch (type) {
    case "upstash:index/redisDatabase:RedisDatabase":
      return { id: `db-${name}`, state: fakeRedisOutputs(String(inputs.databaseName)) };
    case "random:index/randomPassword:RandomPassword":
      return { id: "none", state: { result: fakeToken(name, Number(inputs.length)) } };
    case "vercel:index/project:Project":
      return { id: `prj_${inputs.name}`, state: { teamId: "team_mock" } };
    case "vercel:index/deployment:Deployment": {
      const project = String(inputs.projectId).replace(/^prj_/, "");
      return {
        id: `dpl_${project}`,
        state: {
          url: `${project}-mock1234-mockteam.vercel.app`,
          domains: [`${project}-mockteam.vercel.app`, `${project}.vercel.app`],
        },
      };
    }
    case "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable":
      return { id: `env_${inputs.key}`, state: {} };
    case "upstash:index/qStashScheduleV2:QStashScheduleV2":
      return { id: `scd_${name}`, state: { scheduleId: `scd_${name}` } };
    case "pulumi:pulumi:StackReference":
      return {
        id: readId ?? name,
        state: {
          name: inputs.name,
          outputs: fakeSharedStackOutputs(String(inputs.name)),
          secretOutputNames: [SHARED_REDIS_OUTPUTS.restUrl, SHARED_REDIS_OUTPUTS.restToken],
        },
      };
    default:
      return { id: `${name}-id`, state: {} };
  }
}

function fakeRedisOutputs(databaseName: string): Record<string, unknown> {
  return {
    databaseId: `db-${databaseName}`,
    endpoint: `${databaseName}-mock.upstash.io`,
    port: 6379,
    restToken: `mock-rest-token-${databaseName}`,
    readOnlyRestToken: `mock-read-only-token-${databaseName}`,
    password: `mock-password-${databaseName}`,
  };
}

/** What the owning stack (`<org>/<project>/<stack>`) exports, as its own mock run would. */
export function fakeSharedStackOutputs(stack: string): Record<string, unknown> {
  const [, project, name] = stack.split("/");
  const redis = fakeRedisOutputs(`${project}-${name}`);
  return {
    [SHARED_REDIS_OUTPUTS.restUrl]: `https://${redis.endpoint}`,
    [SHARED_REDIS_OUTPUTS.restToken]: redis.restToken,
    [SHARED_REDIS_OUTPUTS.endpoint]: redis.endpoint,
    [SHARED_REDIS_OUTPUTS.databaseId]: redis.databaseId,
  };
}

/** Deterministic letters and digits of the requested length. */
function fakeToken(name: string, length: number): string {
  let token = "";
  for (let i = 0; token.length < length; i++) {
    token += createHash("sha256").update(`${name}:${i}`).digest("hex");
  }
  return token.slice(0, length);
}

/** The files `npm run build` writes for this request, function code aside. */
export function fakeBundle(request: BuildRequest): Map<string, string> {
  const settings = parseBuildSettings({ ...request.env }, request.cwd);
  const layout = functionLayout(settings);
  const files = new Map([["config.json", toJsonFile(vercelConfig(layout, settings))]]);
  for (const fn of layout) {
    files.set(`functions/${fn.name}.func/.vc-config.json`, toJsonFile(nodeFunctionConfig(fn)));
    files.set(
      `functions/${fn.name}.func/${HANDLER_FILE}`,
      "// the bundled handler (not built offline)\n",
    );
  }
  return files;
}

/** `size~sha1`, as the provider's data source describes a file. */
export function fileDigest(content: string): string {
  const bytes = Buffer.from(content);
  return `${bytes.byteLength}~${createHash("sha1").update(bytes).digest("hex")}`;
}
