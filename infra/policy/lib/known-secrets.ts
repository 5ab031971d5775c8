// @pulumi/policy hands stack policies every value in plaintext, secret or not (pulumi/pulumi-policy#241),
// so secretness cannot be read off a value. It can be read off where a value comes from: the engine
// encrypts every resource output named in `additionalSecretOutputs` (the SDKs put schema secrets
// such as a RedisDatabase's `restToken` there too) and every StackReference output it lists in
// `secretOutputNames`. A stack output whose value is, or contains, one of those values is a secret,
// because Pulumi taints everything derived from a secret.
import { type PolicyResource, Secret } from "@pulumi/policy";

export const STACK_TYPE = "pulumi:pulumi:Stack";
const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** Shorter strings (ports, booleans, region names) would match by accident. */
const MIN_SECRET_LENGTH = 8;

/** The string values the engine keeps secret, gathered from every resource but the stack itself. */
export function knownSecretValues(resources: readonly PolicyResource[]): Set<string> {
  const values = new Set<string>();
  for (const resource of resources) {
    if (resource.type === STACK_TYPE) continue;
    for (const name of resource.opts.additionalSecretOutputs ?? []) {
      collectStrings(read(resource.props, name), values, MIN_SECRET_LENGTH, false);
    }
    if (resource.type === STACK_REFERENCE_TYPE) {
      const outputs = read(resource.props, "outputs");
      for (const name of asStrings(read(resource.props, "secretOutputNames"))) {
        collectStrings(read(outputs, name), values, MIN_SECRET_LENGTH, false);
      }
    }
  }
  return values;
}

/** True when every string inside `value` is, or embeds, a known secret (or is wrapped as one). */
export function isKnownSecret(value: unknown, secrets: ReadonlySet<string>): boolean {
  const strings = new Set<string>();
  collectStrings(value, strings, 1, true);
  if (strings.size === 0) return true;
  return [...strings].every((s) => [...secrets].some((secret) => s.includes(secret)));
}

/**
 * Reads `object[key]`, or `undefined` when the value is unknown: during preview the props are a proxy
 * that throws on values the engine does not know yet.
 */
export function read(object: unknown, key: string | number): unknown {
  try {
    return object !== null && typeof object === "object"
      ? (object as Record<string | number, unknown>)[key]
      : undefined;
  } catch {
    return undefined;
  }
}

/** Gathers the strings inside `value`; values wrapped as `Secret` are skipped or unwrapped. */
function collectStrings(
  value: unknown,
  into: Set<string>,
  minLength: number,
  skipWrappedSecrets: boolean,
): void {
  if (value instanceof Secret) {
    if (!skipWrappedSecrets) collectStrings(value.value, into, minLength, skipWrappedSecrets);
    return;
  }
  if (typeof value === "string") {
    if (value.length >= minLength) into.add(value);
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const key of keysOf(value)) {
    collectStrings(read(value, key), into, minLength, skipWrappedSecrets);
  }
}

function keysOf(value: object): string[] {
  try {
    return Object.keys(value);
  } catch {
    return [];
  }
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
