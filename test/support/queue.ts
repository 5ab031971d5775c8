// A JobQueue on the shared local endpoint with a fresh prefix and a clock the test controls.
import { Redis } from "@upstash/redis";
import { inject } from "vitest";
import { z } from "zod";
import { JobQueue, type JobQueueOptions } from "../../app/queue/index.js";
import { randomPrefix } from "./redis.js";

export const testPayload = z.object({ name: z.string().min(1), n: z.number().int().optional() });
export type TestPayload = z.infer<typeof testPayload>;

export class TestClock {
  constructor(public ms = 1_700_000_000_000) {}
  readonly now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** An @upstash/redis client as the app creates it, on the shared endpoint. */
export function restClient(): Redis {
  return new Redis({
    url: inject("redisRestUrl"),
    token: inject("redisRestToken"),
    automaticDeserialization: false,
    retry: false,
  });
}

export function testQueue(options: Partial<JobQueueOptions<TestPayload>> = {}) {
  const clock = new TestClock();
  const redis = options.redis ?? restClient();
  const queue = new JobQueue<TestPayload>({
    redis,
    schema: testPayload,
    prefix: randomPrefix("q"),
    now: clock.now,
    ...options,
  });
  return { queue, clock, redis };
}
