// Every trigger of the queue costs an invocation (QStash bills per message, Vercel per function run),
// and both platforms count time in minutes. A 6-field expression with seconds, or a `@every 10s`
// macro, is either rejected by the platform at deploy time or fires far more often than designed;
// this catches it at preview instead.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Deployment } from "@pulumiverse/vercel";
import { QStashSchedule, QStashScheduleV2 } from "@upstash/pulumi";
import { qstashCronProblem, vercelCronProblem } from "../lib/cron.js";
import { readDeployedBuildConfig } from "../lib/deployed-build-config.js";

export const cronAtMostEveryMinute: ResourceValidationPolicy = {
  name: "cron-at-most-every-minute",
  description:
    "QStash schedules and Vercel Cron jobs must use 5-field cron expressions (no seconds field, no @every macros), so nothing fires more than once a minute.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    'Write the schedule as 5 fields, minute hour day-of-month month day-of-week, e.g. "* * * * *" for every minute.',
  validateResource: (args, reportViolation) => {
    const schedule = args.asType(QStashScheduleV2) ?? args.asType(QStashSchedule);
    if (schedule) {
      const problem = qstashCronProblem(schedule.cron);
      if (problem) reportViolation(`QStash schedule for ${schedule.destination}: cron ${problem}.`);
      return;
    }
    const deployment = args.asType(Deployment);
    if (!deployment) return;
    const config = readDeployedBuildConfig(deployment.files ?? {});
    if (!config.found) return args.notApplicable(`Vercel crons not checked: ${config.reason}`);
    for (const cron of config.crons) {
      const problem = vercelCronProblem(cron.schedule);
      if (problem) reportViolation(`Vercel Cron for ${cron.path} in ${config.file}: ${problem}.`);
    }
  },
};
