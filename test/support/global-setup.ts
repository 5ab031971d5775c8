// One redis-server and one Upstash-compatible endpoint for the whole run. Tests that kill Redis
// start their own (see `startRedisStack`); everyone else shares these, each with a random prefix.
import type { TestProject } from "vitest/node";
import { startRedisRest } from "../../app/local/redis-rest/server.js";
import { RedisServer } from "../../app/local/redis-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    redisRestUrl: string;
    redisRestToken: string;
  }
}

export default async function setup(project: TestProject) {
  const redis = await RedisServer.start();
  const token = "test-rest-token-0123456789";
  const rest = await startRedisRest({ redisUrl: redis.url, token });
  project.provide("redisUrl", redis.url);
  project.provide("redisRestUrl", rest.url);
  project.provide("redisRestToken", token);
  return async () => {
    await rest.close();
    await redis.stop();
  };
}
