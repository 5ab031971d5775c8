// Calls the cron route the way Vercel Cron does (GET with Bearer CRON_SECRET), on an interval.

export interface CronScheduler {
  /** Runs one tick now and returns the route's answer. */
  tick(): Promise<{ status: number; body: unknown }>;
  stop(): void;
}

export function startCronScheduler(options: {
  url: string;
  cronSecret: string;
  intervalMs: number;
  onTick?: (result: { status: number; body: unknown }) => void;
}): CronScheduler {
  let running = false;
  const tick = async () => {
    const res = await fetch(options.url, {
      headers: { authorization: `Bearer ${options.cronSecret}` },
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: res.status, body };
  };
  const timer = setInterval(() => {
    if (running) return; // like Vercel, never two overlapping ticks from one schedule
    running = true;
    tick()
      .then((result) => options.onTick?.(result))
      .catch((error: Error) => options.onTick?.({ status: 0, body: error.message }))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}

/** Seconds between ticks for a 5-field cron expression of the `* * * * *` or `*\/n * * * *` kind. */
export function cronIntervalSeconds(schedule: string): number {
  const [minute, ...rest] = schedule.trim().split(/\s+/);
  const everyMinuteRest = rest.every((f) => f === "*");
  if (minute === "*" && everyMinuteRest) return 60;
  const step = /^\*\/(\d+)$/.exec(minute ?? "");
  if (step && everyMinuteRest) return Number(step[1]) * 60;
  return 3600; // anything coarser: local mode ticks hourly; set LOCAL_CRON_INTERVAL_SECONDS to override
}
