// The dashboard's browser logic: sign-in, a refresh every 2 s, state tabs, paging and the open job.
// Sent as source (see script.ts): browser globals and its parameters only.
import type { DashboardSummary, JobPage } from "../api.js";
import type { JobDetail } from "../job-view.js";
import type { dashboardCommands } from "./commands.js";
import type { DashboardDetail } from "./detail.js";
import type { Child, DashboardKit } from "./kit.js";
import type { DashboardSession } from "./session.js";
import type { DashboardViews } from "./views.js";

export function dashboardMain(
  kit: DashboardKit,
  views: DashboardViews & DashboardDetail,
  session: DashboardSession,
  makeCommands: typeof dashboardCommands,
) {
  const REFRESH_MS = 2000;
  const $ = (id: string) => document.getElementById(id) as HTMLElement;
  const view = { status: "pending", offset: 0, limit: 20, openId: null as string | null };
  const painted = new Map<string, string>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let busy = false;
  let again = false;

  /** Rebuilds a part only when its data changed, so rows under the pointer stay put. */
  function paint(id: string, data: unknown, build: () => Child[]) {
    const json = JSON.stringify(data);
    if (painted.get(id) === json) return;
    painted.set(id, json);
    kit.fill($(id), build());
  }

  let flashTimer: ReturnType<typeof setTimeout> | undefined;
  function flash(text: string, error = false) {
    $("flash").textContent = text;
    $("flash").className = error ? "error" : "";
    clearTimeout(flashTimer);
    if (!error) flashTimer = setTimeout(() => flash(""), 6000);
  }

  async function refresh(): Promise<void> {
    if (!session.signedIn()) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    const asked = JSON.stringify(view);
    try {
      const q = `status=${view.status}&offset=${view.offset}&limit=${view.limit}`;
      const [summary, page, job] = await Promise.all([
        session.api<DashboardSummary>("/api/dashboard/summary"),
        session.api<JobPage>(`/api/dashboard/jobs?${q}`),
        view.openId
          ? session.api<JobDetail>(`/api/dashboard/jobs/${view.openId}`).catch((e) => {
              if (e instanceof session.Refused) throw e;
              return null; // deleted or expired meanwhile: close the detail
            })
          : null,
      ]);
      // The operator clicked meanwhile: these answers are for a view no longer shown.
      if (JSON.stringify(view) !== asked) {
        again = true;
        return;
      }
      show(summary, page, job);
    } catch (e) {
      if (e instanceof session.Refused) signOut("The token was refused; sign in again.");
      else flash(`Refresh failed: ${(e as Error).message}`, true);
    } finally {
      busy = false;
      if (again) {
        again = false;
        void refresh();
      }
    }
  }

  function show(
    { stats, throughput, readOnly }: DashboardSummary,
    page: JobPage,
    job: JobDetail | null,
  ) {
    $("mode").hidden = !readOnly;
    paint("counts", [stats, view.status], () => views.counts(stats, view.status, select));
    const oldest = stats.oldestPendingAgeMs;
    $("oldest").textContent = `Oldest pending: ${oldest === null ? "none" : kit.duration(oldest)}`;
    kit.bars($("spark") as unknown as SVGElement, throughput);
    const sum = (kind: "completed" | "dead") => throughput.reduce((n, m) => n + m[kind], 0);
    $("throughput").textContent =
      `${sum("completed")} completed · ${sum("dead")} dead in the last hour`;
    if (page.jobs.length === 0 && view.offset > 0) {
      view.offset = 0; // the page emptied under us: back to the first
      again = true;
    }
    view.openId = job ? job.id : null;
    paint("jobs", [page, view.openId, readOnly], () =>
      views.jobs(page, view.openId, readOnly, { open, page: turn, retryAll: commands.retryAll }),
    );
    $("detail").hidden = !job;
    if (job) {
      const act = (action: Parameters<typeof commands.act>[1]) => commands.act(job.id, action);
      paint("detail", [job, readOnly], () => views.detail(job, readOnly, act, () => open(null)));
    }
    $("updated").textContent =
      `Updated ${new Date().toLocaleTimeString(undefined, { hour12: false })}`;
  }

  const select = (status: string) => {
    Object.assign(view, { status, offset: 0 });
    void refresh();
  };
  const turn = (offset: number) => {
    view.offset = offset;
    void refresh();
  };
  const open = (id: string | null) => {
    view.openId = id;
    void refresh();
  };

  function showBoard(signedIn: boolean) {
    $("login").hidden = signedIn;
    $("board").hidden = !signedIn;
    for (const id of ["refresh", "logout"]) $(id).hidden = !signedIn;
    clearInterval(timer);
    painted.clear();
    if (signedIn) {
      timer = setInterval(refresh, REFRESH_MS);
      void refresh();
    }
  }

  function signOut(message = "") {
    session.forget();
    showBoard(false);
    $("login-error").textContent = message;
  }

  const commands = makeCommands({ session, flash, refresh, signOut });

  $("login").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("token") as HTMLInputElement;
    $("login-error").textContent = "";
    const problem = await session.signIn(input.value.trim());
    if (problem) {
      $("login-error").textContent = problem;
      return;
    }
    input.value = "";
    flash("");
    showBoard(true);
  });
  $("refresh").addEventListener("click", () => void refresh());
  $("logout").addEventListener("click", () => signOut());
  showBoard(session.signedIn());
}
