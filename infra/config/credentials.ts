// Provider credentials: the providers read them from config themselves, but a missing one should
// fail the preview here, by name and with the command that sets it, not deep inside a provider.
import { z } from "zod";
import { show } from "./fields.js";
import type { ConfigProblem } from "./stack-config-error.js";

/** Problems with the Vercel (always) and Upstash (when `needsUpstash`) credentials. */
export function credentialProblems(
  values: Record<string, string>,
  env: Record<string, string | undefined>,
  needsUpstash: boolean,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!values["vercel:apiToken"] && !env.VERCEL_API_TOKEN) {
    problems.push({
      key: "vercel:apiToken",
      message:
        "is not set; run `pulumi config set --secret vercel:apiToken <token>` (or export VERCEL_API_TOKEN)",
    });
  }
  if (!needsUpstash) return problems;
  const email = values["upstash:email"];
  if (!email) {
    problems.push({
      key: "upstash:email",
      message: "is not set; run `pulumi config set upstash:email <account email>`",
    });
  } else if (!z.email().safeParse(email).success) {
    problems.push({ key: "upstash:email", message: `${show(email)} is not an email address` });
  }
  if (!values["upstash:apiKey"]) {
    problems.push({
      key: "upstash:apiKey",
      message: "is not set; run `pulumi config set --secret upstash:apiKey <management API key>`",
    });
  }
  return problems;
}
