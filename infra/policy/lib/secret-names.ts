// Which names stand for secrets: the app's own list of secret env keys, plus anything whose name says
// token, secret, key or password. Shared by the env-var and stack-output policies.
import { secretEnvKeys } from "../../../app/config/env.js";

const SECRET_WORD = /TOKEN|SECRET|KEY|PASSWORD/i;
const knownSecretKeys: ReadonlySet<string> = new Set(secretEnvKeys);

/** True when `name` (an env var key or a stack output name) should only ever hold a secret. */
export function looksSecret(name: string): boolean {
  return knownSecretKeys.has(name) || SECRET_WORD.test(name);
}
