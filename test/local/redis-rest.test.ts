// The Upstash-compatible endpoint, driven by the real @upstash/redis client and by raw HTTP.
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { randomPrefix, sharedRestClient, startRedisStack } from "../support/redis.js";

const url = inject("redisRestUrl");
const token = inject("redisRestToken");
const redis = sharedRestClient();
const raw = sharedRestClient({ deserialize: false });
let p: string;

beforeAll(() => {
  p = randomPrefix("rest");
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the fields it expects
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

describe("with the real client", () => {
  test("strings, counters and expiry", async () => {
    expect(await redis.set(`${p}:s`, "hello", { ex: 100 })).toBe("OK");
    expect(await redis.get(`${p}:s`)).toBe("hello");
    expect(await redis.ttl(`${p}:s`)).toBeGreaterThan(90);
    expect(await redis.incrby(`${p}:n`, 5)).toBe(5);
    expect(await redis.get(`${p}:missing`)).toBeNull();
  });

  test("hashes", async () => {
    expect(await redis.hset(`${p}:h`, { a: "1", b: "two" })).toBe(2);
    expect(await redis.hgetall(`${p}:h`)).toEqual({ a: 1, b: "two" });
    expect(await raw.hget(`${p}:h`, "a")).toBe("1");
    expect(await redis.hmget(`${p}:h`, "b", "zz")).toEqual({ b: "two", zz: null });
  });

  test("lists", async () => {
    await redis.rpush(`${p}:l`, "a", "b", "c");
    expect(await redis.lrange(`${p}:l`, 0, -1)).toEqual(["a", "b", "c"]);
    expect(await redis.lpop(`${p}:l`, 2)).toEqual(["a", "b"]);
    expect(await redis.llen(`${p}:l`)).toBe(1);
  });

  test("sorted sets", async () => {
    await redis.zadd(`${p}:z`, { score: 2, member: "two" }, { score: 1, member: "one" });
    expect(await redis.zrange(`${p}:z`, 0, -1, { withScores: true })).toEqual(["one", 1, "two", 2]);
    expect(await redis.zscore(`${p}:z`, "two")).toBe(2);
  });

  test("pipelines keep per-command errors", async () => {
    await redis.set(`${p}:str`, "x");
    const results = await redis
      .pipeline()
      .set(`${p}:pipe`, "1")
      .incr(`${p}:pipe`)
      .lpush(`${p}:str`, "wrong type")
      .exec({ keepErrors: true });
    expect(results[0]).toEqual({ result: "OK", error: undefined });
    expect(results[1]).toEqual({ result: 2, error: undefined });
    expect(results[2]?.error).toMatch(/WRONGTYPE/);
  });

  test("multi-exec runs atomically", async () => {
    const key = `${p}:tx`;
    // Each transaction reads then writes; if they interleaved, increments would be lost.
    await Promise.all(Array.from({ length: 50 }, () => redis.multi().incr(key).incr(key).exec()));
    expect(await redis.get(key)).toBe(100);
    const [a, b] = await redis.multi().set(`${p}:tx2`, "v").get(`${p}:tx2`).exec();
    expect([a, b]).toEqual(["OK", "v"]);
  });

  test("scripts: EVAL, EVALSHA, SCRIPT LOAD and the NOSCRIPT fallback", async () => {
    const src = `return {KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1}`;
    expect(await raw.eval(src, [`${p}:k`], ["v", "41"])).toEqual([`${p}:k`, "v", 42]);
    const sha = await redis.scriptLoad(src);
    expect(await raw.evalsha(sha, ["k"], ["w", "1"])).toEqual(["k", "w", 2]);
    await expect(raw.evalsha("0".repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
    const fresh = `return "fresh-${p}"`;
    const script = raw.createScript<string>(fresh);
    expect(await script.exec([], [])).toBe(`fresh-${p}`);
    expect(await script.evalsha([], [])).toBe(`fresh-${p}`);
  });

  test("binary-unsafe, unicode and large values round-trip byte for byte", async () => {
    const odd = 'nul\u0000 tab\t quote" backslash\\ crlf\r\n ütf-8 ✓ 🎬 日本語';
    await redis.set(`${p}:odd`, odd);
    expect(await raw.get(`${p}:odd`)).toBe(odd);
    const large = `${"x".repeat(3 * 1024 * 1024)}🎬`;
    await redis.set(`${p}:large`, large);
    expect(await raw.get(`${p}:large`)).toBe(large);
    expect(await redis.strlen(`${p}:large`)).toBe(3 * 1024 * 1024 + 4);
  });

  test("JSON values come back as objects with automatic deserialization", async () => {
    await redis.set(`${p}:json`, { a: [1, "two"], b: null });
    expect(await redis.get(`${p}:json`)).toEqual({ a: [1, "two"], b: null });
  });

  test("Redis errors surface as UpstashError with Redis's message", async () => {
    await redis.set(`${p}:notalist`, "x");
    await expect(redis.lpush(`${p}:notalist`, "y")).rejects.toThrow(/WRONGTYPE/);
  });
});

describe("over raw HTTP", () => {
  test("base64 encoding covers every string, nested, and leaves numbers and nulls", async () => {
    await post("/", ["RPUSH", `${p}:enc`, "ä", "b"]);
    const res = await post(
      "/",
      ["EVAL", "return {redis.call('LRANGE', KEYS[1], 0, -1), 7, false}", 1, `${p}:enc`],
      {
        "upstash-encoding": "base64",
      },
    );
    expect(res.json).toEqual({ result: [[Buffer.from("ä").toString("base64"), "Yg=="], 7, null] });
    const ok = await post("/", ["SET", `${p}:enc2`, "v"], { "upstash-encoding": "base64" });
    expect(ok.json).toEqual({ result: "OK" });
    const plain = await post("/", ["GET", `${p}:enc2`]);
    expect(plain.json).toEqual({ result: "v" });
  });

  test("path-style commands work as in Upstash's curl examples", async () => {
    const res = await fetch(`${url}/set/${encodeURIComponent(`${p}:path`)}/bar`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await res.json()).toEqual({ result: "OK" });
    const got = await fetch(`${url}/get/${encodeURIComponent(`${p}:path`)}?_token=${token}`);
    expect(await got.json()).toEqual({ result: "bar" });
  });

  test("400 for a malformed percent-escape in a path-style command (found by the endpoint fuzzer)", async () => {
    const res = await fetch(`${url}/get/%E0%A4%A`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/malformed percent-encoding/);
  });

  test("401 without or with a wrong token, and nothing is written", async () => {
    const none = await fetch(`${url}/`, {
      method: "POST",
      body: JSON.stringify(["SET", `${p}:auth`, "x"]),
    });
    expect(none.status).toBe(401);
    const wrong = await post("/", ["SET", `${p}:auth`, "x"], { authorization: "Bearer nope" });
    expect(wrong.status).toBe(401);
    expect(await redis.exists(`${p}:auth`)).toBe(0);
  });

  test("400 with an error for Redis errors and malformed bodies", async () => {
    const unknown = await post("/", ["NOSUCHCOMMAND"]);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatch(/^ERR unknown command/);
    expect((await post("/", "{not json")).status).toBe(400);
    expect((await post("/", { set: 1 })).status).toBe(400);
    expect((await post("/pipeline", [["SET", "k", { nested: true }]])).status).toBe(400);
    expect((await post("/", ["BLPOP", "k", 0])).json.error).toMatch(/not supported/);
  });

  test("a transaction with a bad command runs none of it", async () => {
    const res = await post("/multi-exec", [["SET", `${p}:abort`, "1"], ["INCR"]]);
    expect(res.status).toBe(400);
    expect(await redis.exists(`${p}:abort`)).toBe(0);
  });

  test("413 for a body over the limit", async () => {
    const big = JSON.stringify(["SET", `${p}:big`, "x".repeat(17 * 1024 * 1024)]);
    const res = await fetch(`${url}/`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(await redis.exists(`${p}:big`)).toBe(0);
  });

  test("every answer carries an upstash-sync-token, and the client sends it back", async () => {
    const res = await post("/", ["PING"]);
    expect(res.headers.get("upstash-sync-token")).toMatch(/^\d+$/);
    const seen: (string | null)[] = [];
    const client = new Redis({
      url,
      token,
      retry: false,
      enableAutoPipelining: false,
      // Record what the client sends by wrapping fetch for this one client.
    });
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      seen.push(new Headers(init?.headers).get("upstash-sync-token"));
      return realFetch(input, init);
    };
    try {
      await client.set(`${p}:ryw`, "1");
      await client.get(`${p}:ryw`);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(seen[0]).toBe("");
    expect(seen[1]).toMatch(/^\d+$/);
  });
});

describe("when Redis is down", () => {
  test("calls fail fast with a clear error and work again after a restart", async () => {
    const stack = await startRedisStack({ appendOnly: true });
    try {
      const client = stack.client();
      await client.set("k", "before");
      await stack.redis.kill();
      await expect(client.get("k")).rejects.toThrow(/Redis is unavailable/);
      await stack.redis.start();
      await expect
        .poll(() => client.get("k").catch(() => "down"), { timeout: 5000 })
        .toBe("before");
    } finally {
      await stack.stop();
    }
  });
});

afterAll(async () => {
  const keys = await raw.keys(`${p}:*`);
  if (keys.length) await raw.del(...keys);
});
