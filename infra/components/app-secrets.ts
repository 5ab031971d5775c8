// Tokens the app checks on incoming calls, generated per stack so no two stacks share one.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

export interface AppSecretsArgs {
  /** Characters in each token (letters and digits, safe in a header without escaping). @default 48 */
  length?: number;
  /** Also generate the Vercel deployment-protection bypass secret (32 characters). @default false */
  protectionBypass?: boolean;
  /** Protect the tokens, so a refactor cannot silently rotate them. @default false */
  protect?: boolean;
}

export class AppSecrets extends pulumi.ComponentResource {
  /** Bearer token for enqueue, stats and the dashboard (`QUEUE_API_TOKEN`). */
  public readonly queueApiToken: pulumi.Output<string>;
  /** Bearer token the worker route accepts besides a QStash signature (`WORKER_SECRET`). */
  public readonly workerSecret: pulumi.Output<string>;
  /** Bearer token Vercel Cron sends to the cron route (`CRON_SECRET`). */
  public readonly cronSecret: pulumi.Output<string>;
  /** Value of `x-vercel-protection-bypass`, when requested. */
  public readonly protectionBypass: pulumi.Output<string> | undefined;

  constructor(name: string, args: AppSecretsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("inflio:random:AppSecrets", name, args, opts);
    const token = (suffix: string, length: number) =>
      // RandomPassword marks `result` secret, but mocks ignore that: mark it here as well.
      pulumi.secret(
        new random.RandomPassword(`${name}-${suffix}`, tokenArgs(length), {
          parent: this,
          protect: args.protect ?? false,
        }).result,
      );

    const length = args.length ?? 48;
    this.queueApiToken = token("queue-api-token", length);
    this.workerSecret = token("worker-secret", length);
    this.cronSecret = token("cron-secret", length);
    // Vercel wants exactly 32 alphanumeric characters for a caller-supplied bypass secret.
    this.protectionBypass = args.protectionBypass ? token("protection-bypass", 32) : undefined;
    this.registerOutputs({
      queueApiToken: this.queueApiToken,
      workerSecret: this.workerSecret,
      cronSecret: this.cronSecret,
      protectionBypass: this.protectionBypass,
    });
  }
}

/** Letters and digits only: the tokens travel in `Authorization` headers and URLs. */
export function tokenArgs(length: number): random.RandomPasswordArgs {
  return { length, special: false, upper: true, lower: true, numeric: true };
}
