// The dashboard's actions as the browser runs them: retry, cancel and delete the open job, retry all
// dead. Each reports in the flash line and refreshes. Sent as source: browser globals only.
import type { JobAction } from "./detail.js";
import type { DashboardSession } from "./session.js";

export interface CommandHost {
  session: DashboardSession;
  flash(text: string, error?: boolean): void;
  refresh(): Promise<void>;
  signOut(message: string): void;
}

export function dashboardCommands(host: CommandHost) {
  const { session } = host;

  async function run(label: string, method: string, path: string): Promise<void> {
    try {
      const out = await session.api<{ retried?: number }>(path, method);
      host.flash(out.retried === undefined ? label : `${label}: ${out.retried} job(s)`);
    } catch (e) {
      if (e instanceof session.Refused)
        return host.signOut("The token was refused; sign in again.");
      host.flash((e as Error).message, true);
    }
    await host.refresh();
  }

  function act(id: string, action: JobAction): Promise<void> | undefined {
    const short = id.slice(0, 8);
    if (action === "delete") {
      if (!confirm(`Delete job ${short} for good?`)) return;
      return run(`Deleted ${short}`, "DELETE", `/api/dashboard/jobs/${id}`);
    }
    const label = action === "retry" ? `Retried ${short}` : `Cancelled ${short}`;
    return run(label, "POST", `/api/dashboard/jobs/${id}/${action}`);
  }

  function retryAll(): void {
    if (confirm("Retry every dead job?")) {
      void run("Retried dead jobs", "POST", "/api/dashboard/dead/retry");
    }
  }

  return { act, retryAll };
}
