// Runs the program under Pulumi's mock runtime and records what the engine would receive: every
// resource registration with its inputs (secrets still marked) and options, every data-source call,
// and the stack's outputs. The offline plan and the infra tests both run the program through this.
import * as pulumi from "@pulumi/pulumi";
import type { BuildRequest } from "../bundle/build.js";
import { createStack, type StackOutputs } from "../program.js";
import { FakeCloud } from "./fake-cloud.js";

/** A value the program passed as a Pulumi secret. */
export class Secret {
  constructor(readonly value: unknown) {}
}

/** A value not known until the resources exist (only in preview runs). */
export const UNKNOWN = "[unknown]";

export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  /** URN of the parent; none for the stack itself. */
  parent: string | undefined;
  custom: boolean;
  /** Read rather than created (a StackReference). */
  read: boolean;
  /** Inputs as sent to the engine; secrets wrapped in {@link Secret}. */
  inputs: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  /** URNs this resource waits for, explicit `dependsOn` and those its inputs come from. */
  dependencies: string[];
  additionalSecretOutputs: string[];
}

export interface RecordedInvoke {
  token: string;
  args: Record<string, unknown>;
}

export interface MockRunOptions {
  project: string;
  stack: string;
  /** @default "organization", what a self-managed backend reports */
  organization?: string;
  /** Config values as the CLI hands them over (full keys, strings; objects as JSON). */
  config: Record<string, string>;
  secretKeys?: string[];
}

export interface MockRun {
  resources: RecordedResource[];
  invokes: RecordedInvoke[];
  builds: BuildRequest[];
  cloud: FakeCloud;
  /** What the program returned, secrets still marked. */
  outputs: StackOutputs;
}

/** Runs the program once; rejects with the program's error (e.g. `StackConfigError`). */
export async function runUnderMocks(options: MockRunOptions): Promise<MockRun> {
  const cloud = new FakeCloud();
  await pulumi.runtime.setMocks(
    cloud,
    options.project,
    options.stack,
    false,
    options.organization ?? "organization",
  );
  pulumi.runtime.setAllConfig(options.config, options.secretKeys ?? []);
  const resources: RecordedResource[] = [];
  const invokes: RecordedInvoke[] = [];
  recordInto(pulumi.runtime.getMonitor() as unknown as MonitorCalls, resources, invokes);

  let outputs: StackOutputs | undefined;
  let failure: unknown;
  await pulumi.runtime.runInPulumiStack(async () => {
    // Caught here, so the stack resource settles and the error reaches the caller exactly once.
    try {
      outputs = createStack({ build: cloud.build });
    } catch (error) {
      failure = error;
    }
    return outputs;
  });
  // Waits for every outstanding registration, so the record is complete.
  await pulumi.runtime.disconnect();
  if (failure !== undefined) throw failure;
  return { resources, invokes, builds: cloud.builds, cloud, outputs: outputs! };
}

/** Awaits an output's value (known in a non-preview mock run). */
export function unwrap<T>(output: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
  return new Promise((resolve) => pulumi.output(output).apply(resolve));
}

/** The slice of the mock monitor's surface the recorder wraps. */
interface MonitorCalls {
  registerResource(req: RegisterRequest, callback: Callback<{ getUrn(): string }>): void;
  readResource(req: ReadRequest, callback: Callback<{ getUrn(): string }>): void;
  invoke(req: InvokeRequest, callback: Callback<unknown>): void;
}
type Callback<R> = (error: Error | null, response: R) => void;
interface Struct {
  toJavaScript(): Record<string, unknown>;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getDeletebeforereplace(): boolean;
  getDependenciesList(): string[];
  getAdditionalsecretoutputsList(): string[];
}
interface ReadRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProperties(): Struct | undefined;
  getDependenciesList(): string[];
  getAdditionalsecretoutputsList(): string[];
}
interface InvokeRequest {
  getTok(): string;
  getArgs(): Struct | undefined;
}

function recordInto(
  monitor: MonitorCalls,
  resources: RecordedResource[],
  invokes: RecordedInvoke[],
): void {
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (error, response) => {
      if (!error) {
        resources.push({
          urn: response.getUrn(),
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent() || undefined,
          custom: req.getCustom(),
          read: false,
          inputs: decodeWire(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
          protect: req.getProtect(),
          retainOnDelete: req.getRetainondelete(),
          deleteBeforeReplace: req.getDeletebeforereplace(),
          dependencies: [...req.getDependenciesList()],
          additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()],
        });
      }
      callback(error, response);
    });

  const read = monitor.readResource.bind(monitor);
  monitor.readResource = (req, callback) =>
    read(req, (error, response) => {
      if (!error) {
        resources.push({
          urn: response.getUrn(),
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent() || undefined,
          custom: true,
          read: true,
          inputs: decodeWire(req.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
          protect: false,
          retainOnDelete: false,
          deleteBeforeReplace: false,
          dependencies: [...req.getDependenciesList()],
          additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()],
        });
      }
      callback(error, response);
    });

  const invoke = monitor.invoke.bind(monitor);
  monitor.invoke = (req, callback) => {
    invokes.push({
      token: req.getTok(),
      args: decodeWire(req.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>,
    });
    invoke(req, callback);
  };
}

/** Turns the wire encoding back into plain values, keeping secrets visible as {@link Secret}. */
export function decodeWire(value: unknown): unknown {
  if (value === pulumi.runtime.unknownValue) return UNKNOWN;
  if (Array.isArray(value)) return value.map(decodeWire);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const sig = record[pulumi.runtime.specialSigKey];
    if (sig === pulumi.runtime.specialSecretSig) return new Secret(decodeWire(record.value));
    if (sig === pulumi.runtime.specialResourceSig) return { resource: record.urn };
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decodeWire(v)]));
  }
  return value;
}
