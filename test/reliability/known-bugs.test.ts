// Bugs the fuzzers found, reproduced. Each is `test.fails`: it passes while the bug is there and turns
// red once it is fixed, as a reminder to make it a plain `test` and to let the fuzzers generate that
// input again (support/bad-input.ts `segment` only makes well-formed percent-escapes for now).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RedisRestServer, startRedisRest } from "../../app/local/redis-rest/server.js";
import { RedisServer } from "../../app/local/redis-server.js";
import { startTestApp, type TestApp } from "../support/app.js";

describe("a malformed percent-escape in the path", () => {
  let t: TestApp;
  let server: RedisServer;
  let rest: RedisRestServer;

  beforeAll(async () => {
    t = await startTestApp();
    server = await RedisServer.start();
    rest = await startRedisRest({ redisUrl: server.url, token: "known-bugs-token-0123" });
  });

  afterAll(async () => {
    await t?.close();
    await rest?.close();
    await server?.stop();
  });

  // app/http/router.ts decodes route params with decodeURIComponent outside the handler's try, so
  // the URIError reaches createApp's catch-all: 500 "Internal error" for a client's typo.
  test.fails("GET /api/jobs/%E0%A4%A answers 4xx, not 500 (router: URIError from decodeURIComponent)", async () => {
    const res = await t.call("GET", "/api/jobs/%E0%A4%A");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  // app/local/redis-rest/parse-command.ts decodes path segments with decodeURIComponent; the URIError
  // is neither a CommandError nor a ReplyError, so errorReply calls it "Redis is unavailable" (503).
  test.fails("GET /get/%E0%A4%A on the REST endpoint answers 400, not 503 (parsePathCommand)", async () => {
    const res = await fetch(`${rest.url}/get/%E0%A4%A`, {
      headers: { authorization: "Bearer known-bugs-token-0123" },
    });
    expect(res.status).toBe(400);
  });
});
