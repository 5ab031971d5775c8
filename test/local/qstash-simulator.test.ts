import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client, QstashError, Receiver } from "@upstash/qstash";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  type QStashSimulator,
  signQStashRequest,
  startQStashSimulator,
} from "../../app/local/qstash-simulator/index.js";

const TOKEN = "qstash-test-token-8d1e2f";
const CURRENT = "sig_current_3b9f0c7a1d2e";
const NEXT = "sig_next_6a4d8e2f9c1b";
const UNKNOWN = "sig_unknown_0000000000";

interface Delivery {
  method: string;
  /** The URL the receiver believes it serves, built from its own address and the request path. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A destination that records every delivery and answers with the next scripted status (then 200). */
interface Destination {
  url(path: string): string;
  deliveries: Delivery[];
  script(...statuses: number[]): void;
  close(): Promise<void>;
}

async function startDestination(): Promise<Destination> {
  const deliveries: Delivery[] = [];
  const scripted: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const { port } = server.address() as AddressInfo;
      deliveries.push({
        method: req.method ?? "",
        url: `http://127.0.0.1:${port}${req.url}`,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      res.writeHead(scripted.shift() ?? 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    deliveries,
    script: (...statuses) => scripted.push(...statuses),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const receiver = new Receiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT });

/** What a route handler does: verify the raw body against the URL it was reached at. */
function verify(delivery: Pick<Delivery, "body" | "url">, signature: string): Promise<boolean> {
  return receiver.verify({ signature, body: delivery.body, url: delivery.url });
}

function signatureOf(delivery: Delivery): string {
  const signature = delivery.headers["upstash-signature"];
  if (typeof signature !== "string") throw new Error("the delivery carries no Upstash-Signature");
  return signature;
}

let sim: QStashSimulator;
let destination: Destination;
let client: Client;

beforeEach(async () => {
  sim = await startQStashSimulator({
    token: TOKEN,
    currentSigningKey: CURRENT,
    nextSigningKey: NEXT,
    retryDelayMs: (attempt) => 30 * attempt,
  });
  destination = await startDestination();
  client = new Client({ token: TOKEN, baseUrl: sim.url, retry: false });
});

afterEach(async () => {
  await sim.close();
  await destination.close();
});

describe("QStash simulator with the real @upstash/qstash Client and Receiver", () => {
  test("delivers a published JSON body verbatim with a signature the Receiver accepts", async () => {
    const url = destination.url("/api/worker?source=qstash");
    const body = { jobId: "job-1", note: "ünïcode ✓" };
    const published = await client.publishJSON({ url, body });
    expect(published.messageId).toMatch(/^msg_sim_/);

    await sim.waitForIdle(5000);
    expect(destination.deliveries).toHaveLength(1);
    const delivery = destination.deliveries[0]!;
    expect(delivery.method).toBe("POST");
    expect(delivery.url).toBe(url);
    expect(delivery.body).toBe(JSON.stringify(body));
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers["user-agent"]).toBe("Upstash-QStash");
    expect(delivery.headers["upstash-message-id"]).toBe(published.messageId);
    expect(delivery.headers["upstash-retried"]).toBe("0");
    await expect(verify(delivery, signatureOf(delivery))).resolves.toBe(true);

    expect(sim.messages()).toMatchObject([
      {
        messageId: published.messageId,
        state: "delivered",
        attempts: 1,
        lastStatus: 200,
        destination: url,
      },
    ]);
  });

  test("a repeated deduplication id is accepted once and delivered once", async () => {
    const url = destination.url("/api/worker");
    const first = await client.publishJSON({ url, body: { n: 1 }, deduplicationId: "job-1:run-1" });
    const again = await client.publishJSON({ url, body: { n: 2 }, deduplicationId: "job-1:run-1" });
    const other = await client.publishJSON({ url, body: { n: 3 }, deduplicationId: "job-2:run-1" });

    expect(first.deduplicated).toBeUndefined();
    expect(again).toMatchObject({ messageId: first.messageId, deduplicated: true });
    expect(other.messageId).not.toBe(first.messageId);
    await sim.waitForIdle(5000);
    expect(destination.deliveries.map((d) => JSON.parse(d.body))).toEqual(
      expect.arrayContaining([{ n: 1 }, { n: 3 }]),
    );
    expect(destination.deliveries).toHaveLength(2);
    expect(sim.messages().map((m) => m.state)).toEqual(["delivered", "deduplicated", "delivered"]);
  });

  test("content-based deduplication collapses identical publishes", async () => {
    const url = destination.url("/api/worker");
    const a = await client.publishJSON({
      url,
      body: { same: true },
      contentBasedDeduplication: true,
    });
    const b = await client.publishJSON({
      url,
      body: { same: true },
      contentBasedDeduplication: true,
    });
    const c = await client.publishJSON({
      url,
      body: { same: false },
      contentBasedDeduplication: true,
    });
    expect(b).toMatchObject({ messageId: a.messageId, deduplicated: true });
    expect(c.deduplicated).toBeUndefined();
    await sim.waitForIdle(5000);
    expect(destination.deliveries).toHaveLength(2);
  });

  test("honours Upstash-Delay", async () => {
    const started = Date.now();
    await client.publishJSON({ url: destination.url("/api/worker"), body: {}, delay: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(destination.deliveries).toHaveLength(0);
    expect(sim.messages()[0]!.state).toBe("pending");

    await sim.waitForIdle(5000);
    expect(destination.deliveries).toHaveLength(1);
    expect(destination.deliveries[0]!.at - started).toBeGreaterThanOrEqual(950);
  });

  test("honours Upstash-Not-Before (unix seconds)", async () => {
    const notBefore = Math.ceil(Date.now() / 1000) + 1;
    await client.publishJSON({ url: destination.url("/api/worker"), body: {}, notBefore });
    await sim.waitForIdle(5000);
    expect(destination.deliveries[0]!.at).toBeGreaterThanOrEqual(notBefore * 1000);
  });

  test("retries a destination answering 500 twice, then delivers", async () => {
    destination.script(500, 500);
    const { messageId } = await client.publishJSON({
      url: destination.url("/api/worker"),
      body: { x: 1 },
    });
    await sim.waitForIdle(5000);

    expect(destination.deliveries.map((d) => d.headers["upstash-retried"])).toEqual([
      "0",
      "1",
      "2",
    ]);
    for (const delivery of destination.deliveries) {
      expect(delivery.headers["upstash-message-id"]).toBe(messageId);
      await expect(verify(delivery, signatureOf(delivery))).resolves.toBe(true);
    }
    expect(sim.messages()).toMatchObject([
      { messageId, state: "delivered", attempts: 3, lastStatus: 200 },
    ]);
  });

  test("gives up after Upstash-Retries and marks the message failed", async () => {
    destination.script(503, 503, 503, 503);
    await client.publishJSON({ url: destination.url("/api/worker"), body: {}, retries: 1 });
    await sim.waitForIdle(5000);
    expect(destination.deliveries).toHaveLength(2);
    expect(sim.messages()).toMatchObject([
      { state: "failed", attempts: 2, maxAttempts: 2, lastStatus: 503 },
    ]);
  });

  test("a destination that refuses connections is retried, then failed", async () => {
    const gone = destination.url("/api/worker");
    await destination.close();
    await client.publishJSON({ url: gone, body: {}, retries: 2 });
    await sim.waitForIdle(5000);
    const [message] = sim.messages();
    expect(message).toMatchObject({ state: "failed", attempts: 3 });
    expect(message!.lastError).toEqual(expect.any(String));
    expect(message!.lastStatus).toBeUndefined();
  });

  test("forwards Upstash-Forward-* headers without the prefix", async () => {
    await client.publishJSON({
      url: destination.url("/api/worker"),
      body: {},
      headers: { "X-Job-Id": "job-7", "x-vercel-protection-bypass": "bypass-secret" },
    });
    await sim.waitForIdle(5000);
    const { headers } = destination.deliveries[0]!;
    expect(headers["x-job-id"]).toBe("job-7");
    expect(headers["x-vercel-protection-bypass"]).toBe("bypass-secret");
    expect(Object.keys(headers).filter((name) => name.startsWith("upstash-forward-"))).toEqual([]);
    expect(Object.keys(headers).filter((name) => name.startsWith("upstash-telemetry-"))).toEqual(
      [],
    );
  });

  test("uses Upstash-Method for the delivery", async () => {
    await client.publish({ url: destination.url("/api/worker"), body: "raw text", method: "PUT" });
    await sim.waitForIdle(5000);
    expect(destination.deliveries[0]).toMatchObject({ method: "PUT", body: "raw text" });
  });

  test("publishes batches", async () => {
    const replies = await client.batchJSON([
      { url: destination.url("/a"), body: { n: 1 } },
      { url: destination.url("/b"), body: { n: 2 }, deduplicationId: "batch-b" },
    ]);
    expect(replies).toHaveLength(2);
    await sim.waitForIdle(5000);
    const byPath = Object.fromEntries(
      destination.deliveries.map((d) => [new URL(d.url).pathname, d]),
    );
    expect(JSON.parse(byPath["/a"]!.body)).toEqual({ n: 1 });
    expect(JSON.parse(byPath["/b"]!.body)).toEqual({ n: 2 });
    await expect(verify(byPath["/b"]!, signatureOf(byPath["/b"]!))).resolves.toBe(true);
  });

  test("refuses a wrong token with 401", async () => {
    const intruder = new Client({ token: "not-the-token", baseUrl: sim.url, retry: false });
    const error = await intruder
      .publishJSON({ url: destination.url("/x"), body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QstashError);
    expect((error as QstashError).status).toBe(401);
    expect(sim.messages()).toEqual([]);
  });

  test("refuses a malformed delay with 400", async () => {
    const error = await client
      .publish({ url: destination.url("/x"), body: "", delay: "soon" as `${bigint}s` })
      .catch((e: unknown) => e);
    expect((error as QstashError).status).toBe(400);
  });
});

describe("Receiver.verify against simulator signatures", () => {
  const url = "http://127.0.0.1:1/api/worker";
  const body = JSON.stringify({ jobId: "job-1" });

  test("accepts a signature made with the current key", async () => {
    const signature = signQStashRequest({ signingKey: CURRENT, url, body });
    await expect(verify({ url, body }, signature)).resolves.toBe(true);
  });

  test("accepts a signature made with the next key (key rotation)", async () => {
    const signature = signQStashRequest({ signingKey: NEXT, url, body });
    await expect(verify({ url, body }, signature)).resolves.toBe(true);
  });

  test("rejects a tampered body", async () => {
    const signature = signQStashRequest({ signingKey: CURRENT, url, body });
    await expect(verify({ url, body: body.replace("job-1", "job-2") }, signature)).rejects.toThrow(
      /body hash does not match/,
    );
  });

  test("rejects re-serialised JSON (the raw body must be verified)", async () => {
    const raw = '{"jobId": "job-1"}';
    const signature = signQStashRequest({ signingKey: CURRENT, url, body: raw });
    await expect(
      verify({ url, body: JSON.stringify(JSON.parse(raw)) }, signature),
    ).rejects.toThrow();
  });

  test("rejects a different URL", async () => {
    const signature = signQStashRequest({ signingKey: CURRENT, url, body });
    await expect(verify({ url: `${url}?extra=1`, body }, signature)).rejects.toThrow(
      /invalid subject/,
    );
  });

  test("rejects an expired token", async () => {
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const expired = signQStashRequest({ signingKey: CURRENT, url, body, now: tenMinutesAgo });
    // The Receiver falls back to the next key and reports that failure, so the message is generic.
    await expect(verify({ url, body }, expired)).rejects.toThrow();
    // Signed with the next key, the last error is the expiry itself.
    const expiredNext = signQStashRequest({ signingKey: NEXT, url, body, now: tenMinutesAgo });
    await expect(verify({ url, body }, expiredNext)).rejects.toThrow(/"exp" claim/);
    // Control: the same issue time with a longer lifetime verifies, so only the expiry was wrong.
    const longLived = signQStashRequest({
      signingKey: CURRENT,
      url,
      body,
      now: tenMinutesAgo,
      expiresInSeconds: 3600,
    });
    await expect(verify({ url, body }, longLived)).resolves.toBe(true);
  });

  test("rejects a token signed with an unknown key", async () => {
    const signature = signQStashRequest({ signingKey: UNKNOWN, url, body });
    await expect(verify({ url, body }, signature)).rejects.toThrow(/signature/);
  });

  test("rejects a real delivery replayed to another URL or with another body", async () => {
    await client.publishJSON({ url: destination.url("/api/worker"), body: { a: 1 } });
    await sim.waitForIdle(5000);
    const delivery = destination.deliveries[0]!;
    const signature = signatureOf(delivery);
    await expect(verify(delivery, signature)).resolves.toBe(true);
    await expect(
      verify({ ...delivery, url: destination.url("/api/other") }, signature),
    ).rejects.toThrow();
    await expect(verify({ ...delivery, body: '{"a":2}' }, signature)).rejects.toThrow();
  });
});
