// Clients and throwaway stacks for tests: the shared endpoint, or a private redis-server + endpoint.
import { randomBytes } from "node:crypto";
import { Redis } from "@upstash/redis";
import { inject } from "vitest";
import { type RedisRestServer, startRedisRest } from "../../app/local/redis-rest/server.js";
import { RedisServer, type RedisServerOptions } from "../../app/local/redis-server.js";

/** The production client pointed at the shared local endpoint. */
export function sharedRestClient(options: { deserialize?: boolean } = {}): Redis {
  return new Redis({
    url: inject("redisRestUrl"),
    token: inject("redisRestToken"),
    automaticDeserialization: options.deserialize ?? true,
    retry: false,
  });
}

/** A fresh key prefix, so tests sharing one Redis never see each other's keys. */
export function randomPrefix(label = "test"): string {
  return `${label}-${randomBytes(4).toString("hex")}:klap`;
}

export interface RedisStack {
  redis: RedisServer;
  rest: RedisRestServer;
  token: string;
  client(options?: { retry?: boolean }): Redis;
  stop(): Promise<void>;
}

/** A private redis-server and endpoint, for tests that kill and restart Redis. */
export async function startRedisStack(options: RedisServerOptions = {}): Promise<RedisStack> {
  const redis = await RedisServer.start(options);
  const token = `stack-${randomBytes(8).toString("hex")}`;
  const rest = await startRedisRest({ redisUrl: redis.url, token });
  return {
    redis,
    rest,
    token,
    client: ({ retry = false } = {}) =>
      new Redis({
        url: rest.url,
        token,
        automaticDeserialization: false,
        retry: retry ? undefined : false,
      }),
    async stop() {
      await rest.close();
      await redis.stop();
    },
  };
}
