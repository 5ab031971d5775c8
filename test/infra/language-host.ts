// Runs infra/ the way pulumi-language-nodejs does, from what Pulumi.yaml says: `node <nodeargs>
// @pulumi/pulumi/cmd/run --pwd <dir of main> ... <main>` with PULUMI_CONFIG and
// PULUMI_NODEJS_TYPESCRIPT set, against an in-process gRPC resource monitor and engine. The monitor
// is the SDK's own MockMonitor, so this checks the runtime options and the entry point's contract
// (ESM TypeScript, default export, outputs) without the Pulumi CLI.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";

// The SDK's own gRPC and protobuf copies, resolved from where the SDK sits.
const sdkRequire = createRequire(createRequire(import.meta.url).resolve("@pulumi/pulumi"));
const grpc = sdkRequire("@grpc/grpc-js");
const resourceGrpc = sdkRequire("./proto/resource_grpc_pb.js");
const resourceProto = sdkRequire("./proto/resource_pb.js");
const engineGrpc = sdkRequire("./proto/engine_grpc_pb.js");
const engineProto = sdkRequire("./proto/engine_pb.js");
const emptyProto = sdkRequire("google-protobuf/google/protobuf/empty_pb.js");
const { MockMonitor } = sdkRequire("./runtime/mocks.js");
const settings = sdkRequire("./runtime/settings.js");

export interface LanguageHostRun {
  exitCode: number | null;
  /** The command line, as the language host would build it. */
  argv: string[];
  /** Engine log lines at warning level or above: `error: …`. */
  messages: string[];
  /** `type name` of every registered resource. */
  registered: string[];
  /** Data-source calls, with their arguments. */
  invokes: { token: string; args: Record<string, unknown> }[];
}

export interface LanguageHostOptions {
  root: string;
  stack: string;
  project: string;
  config: Record<string, string>;
  /** Prepended to PATH, e.g. to put a stand-in `npm` first. */
  pathPrefix?: string;
}

export async function runLikeLanguageHost(options: LanguageHostOptions): Promise<LanguageHostRun> {
  const registered: string[] = [];
  const invokes: LanguageHostRun["invokes"] = [];
  const messages: string[] = [];
  const projectFile = parse(readFileSync(join(options.root, "Pulumi.yaml"), "utf8"));
  const main = resolve(options.root, projectFile.main);
  const pwd = dirname(main);

  const monitor = new MockMonitor({
    call(args: { token: string; inputs: Record<string, unknown> }) {
      invokes.push({ token: args.token, args: args.inputs });
      return prebuiltProject(resolve(pwd, String(args.inputs.path)), String(args.inputs.path));
    },
    newResource(args: {
      type: string;
      name: string;
      custom: boolean;
      inputs: Record<string, unknown>;
    }) {
      registered.push(`${args.type} ${args.name}`);
      return { id: args.custom ? `${args.name}-id` : undefined, state: fakeState(args) };
    },
  });
  // MockMonitor names URNs after the current stack.
  settings.setMockOptions(monitor, options.project, options.stack, true, "organization");

  const server = new grpc.Server();
  const relay =
    <R>(method: string, reply?: (response: R) => unknown) =>
    (call: { request: unknown }, callback: (error: unknown, response?: unknown) => void) =>
      monitor[method](call.request, (error: unknown, response: R) =>
        callback(error, reply ? reply(response) : response),
      );
  server.addService(resourceGrpc.ResourceMonitorService, {
    supportsFeature: relay<{ getHassupport(): boolean }>("supportsFeature", (r) => {
      const response = new resourceProto.SupportsFeatureResponse();
      response.setHassupport(r.getHassupport());
      return response;
    }),
    getDeploymentInfo: relay("getDeploymentInfo"),
    registerResource: relay("registerResource"),
    readResource: relay("readResource"),
    invoke: relay("invoke"),
    registerResourceOutputs: relay("registerResourceOutputs", () => new emptyProto.Empty()),
    registerPackage: relay("registerPackage"),
  });
  let rootUrn = "";
  server.addService(engineGrpc.EngineService, {
    log(
      call: { request: { getSeverity(): number; getMessage(): string } },
      callback: (e: null, r: unknown) => void,
    ) {
      const severity = ["debug", "info", "warning", "error"][call.request.getSeverity()] ?? "?";
      if (severity === "warning" || severity === "error") {
        messages.push(`${severity}: ${call.request.getMessage()}`);
      }
      callback(null, new emptyProto.Empty());
    },
    getRootResource(_call: unknown, callback: (e: null, r: unknown) => void) {
      const response = new engineProto.GetRootResourceResponse();
      response.setUrn(rootUrn);
      callback(null, response);
    },
    setRootResource(
      call: { request: { getUrn(): string } },
      callback: (e: null, r: unknown) => void,
    ) {
      rootUrn = call.request.getUrn();
      callback(null, new engineProto.SetRootResourceResponse());
    },
  });
  const port: number = await new Promise((ok, fail) =>
    server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (e: unknown, p: number) => (e ? fail(e) : ok(p)),
    ),
  );

  const options_ = projectFile.runtime.options ?? {};
  const argv = [
    ...String(options_.nodeargs ?? "")
      .split(" ")
      .filter(Boolean),
    join(options.root, "node_modules/@pulumi/pulumi/cmd/run"),
    `--monitor=127.0.0.1:${port}`,
    `--engine=127.0.0.1:${port}`,
    `--project=${options.project}`,
    `--stack=${options.stack}`,
    "--organization=organization",
    `--pwd=${pwd}`,
    `--root-directory=${options.root}`,
    "--dry-run",
    relative(pwd, main),
  ];
  try {
    const child = spawn(process.execPath, argv, {
      cwd: pwd,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        PATH: [options.pathPrefix, process.env.PATH].filter(Boolean).join(":"),
        PULUMI_CONFIG: JSON.stringify(options.config),
        PULUMI_CONFIG_SECRET_KEYS: "[]",
        PULUMI_NODEJS_TYPESCRIPT: String(options_.typescript ?? true),
      },
    });
    const exitCode: number | null = await new Promise((done) => child.on("exit", done));
    return { exitCode, argv, messages, registered, invokes };
  } finally {
    server.forceShutdown();
  }
}

/** What the Vercel provider's data source returns: every file under `.vercel/output`, `size~sha1`. */
function prebuiltProject(absolute: string, given: string) {
  const output: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const bytes = readFileSync(path);
        const sha1 = createHash("sha1").update(bytes).digest("hex");
        output[join(given, relative(absolute, path))] = `${bytes.length}~${sha1}`;
      }
    }
  };
  walk(join(absolute, ".vercel", "output"));
  return { id: given, path: given, output };
}

function fakeState(args: {
  type: string;
  inputs: Record<string, unknown>;
}): Record<string, unknown> {
  const state = { ...args.inputs };
  if (args.type.endsWith(":RandomPassword")) state.result = "x".repeat(Number(args.inputs.length));
  if (args.type.endsWith(":RedisDatabase")) {
    Object.assign(state, { endpoint: "db.upstash.io", restToken: "token", databaseId: "db" });
  }
  if (args.type.endsWith(":Deployment")) {
    Object.assign(state, { url: "app-abc.vercel.app", domains: ["app.vercel.app"] });
  }
  return state;
}
