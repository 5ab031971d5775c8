// Steps the browser tests share: signing in on the page, and enqueueing and driving jobs through the
// local system's own HTTP API and cron.
import type { Page } from "playwright-core";
import type { LocalSystem } from "../../app/local/dev/local-system.js";

export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/dashboard`);
  await page.locator("#token").fill(token);
  await page.locator("#login button[type=submit]").click();
  await page.locator("#board").waitFor();
}

/** POST /api/jobs for a video named `name`; returns the job id. */
export async function enqueue(system: LocalSystem, name: string): Promise<string> {
  const res = await fetch(`${system.url}/api/jobs`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${system.secrets.QUEUE_API_TOKEN}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({
      videoUrl: `https://cdn.example.com/${name}.mp4?signature=s3cr3t`,
      projectId: `proj_${name}`,
    }),
  });
  if (res.status !== 202) throw new Error(`enqueue answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Runs cron ticks until every job has `status`, as its public status route reports. */
export async function driveUntil(
  system: LocalSystem,
  ids: string[],
  status: string,
  timeoutMs = 30_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await Promise.all(
      ids.map(async (id) => {
        const res = await fetch(`${system.url}/api/jobs/${id}`);
        return ((await res.json()) as { status: string }).status;
      }),
    );
    if (statuses.every((s) => s === status)) return;
    if (Date.now() > until) throw new Error(`jobs still ${statuses.join(", ")}, not ${status}`);
    const tick = await system.scheduler.tick();
    if (tick.status !== 200) throw new Error(`cron tick answered ${tick.status}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
