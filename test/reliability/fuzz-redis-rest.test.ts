// Bad input never breaks the Upstash-compatible endpoint: property-based fuzzing of its request
// parsing over real HTTP, against a private redis-server. Forged credentials get 401 whatever the
// command (FLUSHALL included); malformed bodies, unknown or refused commands get 400; past the body
// limit, 413. Never a 5xx while Redis is up, always a JSON answer, and the data is unchanged.
import fc from "fast-check";
import { Redis as IORedis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RedisRestServer, startRedisRest } from "../../app/local/redis-rest/server.js";
import { RedisServer } from "../../app/local/redis-server.js";
import { forgedAuthorization, latin1, segment, wireHeaders } from "./support/bad-input.js";
import { redisSnapshot } from "./support/redis-snapshot.js";

const RUNS = 200;
const TOKEN = "fuzz-rest-token-0123456789";
const MAX_BODY = 4_096;

let server: RedisServer;
let rest: RedisRestServer;
let redis: IORedis;
/** Every command name this redis-server knows, lower case: the fuzzer's unknown names avoid them. */
let known: Set<string>;

beforeAll(async () => {
  server = await RedisServer.start();
  rest = await startRedisRest({ redisUrl: server.url, token: TOKEN, maxBodyBytes: MAX_BODY });
  redis = new IORedis(server.url);
  known = new Set(((await redis.call("COMMAND", "LIST")) as string[]).map((n) => n.toLowerCase()));
  await redis.set("fuzz:str", "value");
  await redis.hset("fuzz:hash", "field", "value");
  await redis.rpush("fuzz:list", "a", "b");
  await redis.zadd("fuzz:zset", 1, "member");
});

afterAll(async () => {
  redis?.disconnect();
  await rest?.close();
  await server?.stop();
});

const snapshot = () => redisSnapshot(redis);

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

async function send(req: Sent) {
  const res = await fetch(`${rest.url}${req.path}`, {
    method: req.method,
    headers: req.headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : req.body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/** Runs the property; each answer must satisfy `ok`, be JSON, and leave the data as it was. */
async function answers(
  arb: fc.Arbitrary<Sent>,
  ok: (status: number, json: unknown, req: Sent) => boolean,
) {
  const before = await snapshot();
  await fc.assert(
    fc.asyncProperty(arb, async (req) => {
      const { status, json, text } = await send(req);
      expect(status, text).toBeLessThan(500);
      expect(json, text).toBeDefined();
      expect(ok(status, json, req), `${status} ${text}`).toBe(true);
    }),
    { numRuns: RUNS },
  );
  expect(await snapshot()).toEqual(before);
  expect(await redis.ping()).toBe("PONG");
}

const auth = { authorization: `Bearer ${TOKEN}` };
const isError = (json: unknown) => typeof json === "object" && json !== null && "error" in json;
const unknownName = () =>
  fc
    .string({ unit: "binary", minLength: 1, maxLength: 16 })
    .filter((n) => !known.has(n.toLowerCase()));
const badArg = fc.oneof(
  fc.constant(null),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue(), { maxKeys: 2 }),
  fc.array(fc.jsonValue(), { maxLength: 2 }),
);
const anyArg = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
);

/** One command that cannot run: unknown name, refused name, bad name type, or a bad argument. */
const badCommand = () =>
  fc.oneof(
    fc.tuple(unknownName(), fc.array(anyArg, { maxLength: 4 })).map(([n, a]) => [n, ...a]),
    fc
      .tuple(
        fc.constantFrom(
          "BLPOP",
          "subscribe",
          "MULTI",
          "EXEC",
          "select",
          "CLIENT",
          "monitor",
          "SHUTDOWN",
        ),
        fc.array(anyArg, { maxLength: 3 }),
      )
      .map(([n, a]) => [n, ...a]),
    fc
      .tuple(
        fc.oneof(fc.integer(), fc.constant(null), fc.constant(""), badArg),
        fc.array(anyArg, { maxLength: 2 }),
      )
      .map(([n, a]) => [n, ...a]),
    fc
      .tuple(fc.constantFrom("get", "SET", "del", "FLUSHALL", "hset"), badArg)
      .map(([n, a]) => [n, "fuzz:str", a]),
    fc.constant([]),
  );

describe("credentials", () => {
  test("answers 401 to a missing or forged token, whatever the command", async () => {
    const destructive = fc.constantFrom(
      '["FLUSHALL"]',
      '["DEL","fuzz:str"]',
      '[["SET","fuzz:str","x"],["FLUSHDB"]]',
    );
    const arb = fc
      .record({
        method: fc.constantFrom("GET", "POST", "PUT", "DELETE"),
        path: fc.oneof(
          fc.constantFrom(
            "/",
            "/pipeline",
            "/multi-exec",
            "/flushall",
            "/del/fuzz:str",
            "/set/fuzz:str/x",
          ),
          fc.constantFrom("/?_token=wrong", `/?_token=${TOKEN}x`, "/flushall?_token="),
          fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join("/")}`),
        ),
        authorization: forgedAuthorization([TOKEN], { wire: true }),
        extra: wireHeaders,
        body: fc.oneof(destructive, fc.string({ unit: "binary", maxLength: 200 })),
      })
      .map(({ authorization, extra, ...r }) => ({
        ...r,
        headers: { ...extra, ...(authorization ? { authorization } : {}) },
      }));
    await answers(arb, (status, json) => status === 401 && isError(json));
  });
});

describe("request parsing", () => {
  test("a malformed single command answers 400 with an error", async () => {
    const body = fc.oneof(
      badCommand().map((c) => JSON.stringify(c)),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc
        .jsonValue()
        .filter((v) => !Array.isArray(v))
        .map((v) => JSON.stringify(v)),
      fc.constantFrom("", "[", '["get",', "[[]]", '[["get","x"]]', "\ufeff[]"),
    );
    const arb = fc.record({
      method: fc.constant("POST"),
      path: fc.constant("/"),
      headers: wireHeaders.map((extra) => ({ ...extra, ...auth })),
      body,
    });
    await answers(arb, (status, json) => status === 400 && isError(json));
  });

  test("a malformed pipeline or transaction answers 400, or 200 with an error per command", async () => {
    const body = fc.oneof(
      fc.array(badCommand(), { minLength: 1, maxLength: 4 }).map((cs) => JSON.stringify(cs)),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.constantFrom("[]", "[[]]", '["get","x"]', "{}", "null", "[null]"),
    );
    const arb = fc.record({
      method: fc.constant("POST"),
      path: fc.constantFrom("/pipeline", "/multi-exec"),
      headers: wireHeaders.map((extra) => ({ ...extra, ...auth })),
      body,
    });
    await answers(
      arb,
      (status, json) =>
        (status === 400 && isError(json)) ||
        (status === 200 && Array.isArray(json) && json.every(isError)),
    );
  });

  test("a path-style command that cannot run answers 400", async () => {
    const arb = fc
      .record({
        method: fc.constantFrom("GET", "POST"),
        name: fc.oneof(unknownName(), fc.constantFrom("blpop", "SUBSCRIBE", "multi")),
        args: fc.array(segment, { maxLength: 3 }),
        extra: wireHeaders,
        body: fc.string({ maxLength: 50 }),
      })
      .map(({ name, args, extra, ...r }) => ({
        ...r,
        path: `/${[encodeURIComponent(name), ...args].join("/")}`,
        headers: { ...extra, ...auth },
      }))
      // A name that normalizes to another path ("." or "..") is not a command any more.
      .filter((r) => new URL(r.path, rest.url).pathname === r.path);
    await answers(arb, (status, json) => status === 400 && isError(json));
  });

  test("read-only commands with odd arguments answer 200 or 400, in either encoding", async () => {
    const arb = fc
      .record({
        name: fc.constantFrom("GET", "strlen", "HGET", "hgetall", "LRANGE", "ZRANGE", "zscore", "TTL", "TYPE", "exists", "GETRANGE", "LINDEX", "ECHO"), // biome-ignore format: a word list
        key: fc.oneof(
          fc.constantFrom("fuzz:str", "fuzz:hash", "fuzz:list", "fuzz:zset"),
          fc.string({ unit: "binary", maxLength: 20 }),
        ),
        args: fc.array(anyArg, { maxLength: 4 }),
        base64: fc.boolean(),
      })
      .map(({ name, key, args, base64 }) => ({
        method: "POST",
        path: "/",
        headers: { ...auth, ...(base64 ? { "upstash-encoding": latin1("base64") } : {}) },
        body: JSON.stringify([name, key, ...args]),
      }));
    await answers(
      arb,
      (status, json) =>
        (status === 200 && typeof json === "object" && json !== null && "result" in json) ||
        (status === 400 && isError(json)),
    );
  });

  test("a body past the limit answers 413, signed or not", async () => {
    const arb = fc.record({
      method: fc.constant("POST"),
      path: fc.constantFrom("/", "/pipeline", "/set/fuzz:str"),
      headers: fc.constantFrom(auth, {}),
      body: fc
        .nat({ max: 4 * MAX_BODY })
        .map((n) => JSON.stringify(["SET", "fuzz:str", "x".repeat(MAX_BODY + n)])),
    });
    await answers(arb, (status, json) => status === 413 && isError(json));
    const wrongMethod = await send({ method: "GET", path: "/pipeline", headers: auth });
    expect(wrongMethod.status).toBe(405);
  });
});
