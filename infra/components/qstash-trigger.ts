// With `trigger: qstash`, a QStash schedule calls the cron route instead of Vercel Cron, whose Hobby
// plan runs crons at most daily. QStash signs every call and the route verifies the signature, so no
// secret travels in the schedule, except the protection-bypass header when Deployment Protection is on.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";

export interface QStashTriggerArgs {
  /** URL QStash calls on schedule: the app's cron route. Required. @default none */
  destination: pulumi.Input<string>;
  /** 5-field cron expression (UTC). @default "* * * * *" */
  cron?: string;
  /** Deployment-protection bypass secret, forwarded as `x-vercel-protection-bypass`. @default none */
  bypassSecret?: pulumi.Input<string>;
}

export class QStashTrigger extends pulumi.ComponentResource {
  /** QStash's id of the schedule. */
  public readonly scheduleId: pulumi.Output<string>;

  constructor(name: string, args: QStashTriggerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inflio:upstash:QStashTrigger", name, args, opts);
    const schedule = new upstash.QStashScheduleV2(`${name}-schedule`, scheduleArgs(args), {
      parent: this,
    });
    this.scheduleId = schedule.scheduleId;
    this.registerOutputs({ scheduleId: this.scheduleId });
  }
}

/** Every field forces a replacement, so the schedule states all it relies on. */
export function scheduleArgs(args: QStashTriggerArgs): upstash.QStashScheduleV2Args {
  return {
    destination: args.destination,
    cron: args.cron ?? "* * * * *",
    // Explicit, because the provider reads the method back and an unset one would diff (and replace).
    method: "POST",
    ...(args.bypassSecret === undefined
      ? {}
      : // The provider sends each entry as `Upstash-Forward-<name>`; QStash strips the prefix.
        { forwardHeaders: pulumi.secret({ "x-vercel-protection-bypass": args.bypassSecret }) }),
  };
}
