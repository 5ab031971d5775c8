// A counting proxy in front of the Upstash-compatible endpoint. Upstash bills per command, and a
// `/pipeline` of n commands (what the client's auto-pipelining sends) is n commands on the bill, so
// the endpoint's own request counters are not enough: this counts both, by command name.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface RestCounts {
  /** HTTP requests to the REST API. */
  requests: number;
  /** Redis commands inside them: the Upstash billing unit (a script call is one command). */
  commands: number;
  byCommand: Record<string, number>;
}

export interface RestMeter {
  /** Give this to `@upstash/redis` as `url` instead of the endpoint's. */
  readonly url: string;
  /** A snapshot of the counters. */
  counts(): RestCounts;
  close(): Promise<void>;
}

/** What happened between two snapshots. */
export function countsSince(before: RestCounts, after: RestCounts): RestCounts {
  const byCommand: Record<string, number> = {};
  for (const [name, n] of Object.entries(after.byCommand)) {
    const d = n - (before.byCommand[name] ?? 0);
    if (d) byCommand[name] = d;
  }
  return {
    requests: after.requests - before.requests,
    commands: after.commands - before.commands,
    byCommand,
  };
}

export async function startRestMeter(targetUrl: string): Promise<RestMeter> {
  const counts: RestCounts = { requests: 0, commands: 0, byCommand: {} };
  const count = (path: string, body: string) => {
    counts.requests++;
    for (const name of commandNames(path, body)) {
      counts.commands++;
      counts.byCommand[name] = (counts.byCommand[name] ?? 0) + 1;
    }
  };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      count(req.url ?? "/", body);
      const upstream = await fetch(`${targetUrl}${req.url ?? "/"}`, {
        method: req.method,
        headers: forwarded(req),
        body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      });
      const bytes = Buffer.from(await upstream.arrayBuffer());
      const headers: Record<string, string> = { "content-length": String(bytes.length) };
      for (const name of ["content-type", "upstash-sync-token"]) {
        const value = upstream.headers.get(name);
        if (value) headers[name] = value;
      }
      res.writeHead(upstream.status, headers).end(bytes);
    })().catch((error: Error) => res.writeHead(502).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => structuredClone(counts),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function commandNames(path: string, body: string): string[] {
  const pathname = path.split("?")[0] ?? "/";
  try {
    if (pathname === "/pipeline" || pathname === "/multi-exec") {
      return (JSON.parse(body) as unknown[][]).map((c) => String(c[0]).toUpperCase());
    }
    if (pathname === "/") return [String((JSON.parse(body) as unknown[])[0]).toUpperCase()];
  } catch {
    return ["(unparsable)"];
  }
  return [(pathname.split("/")[1] ?? "").toUpperCase()];
}

function forwarded(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["authorization", "content-type", "upstash-encoding", "upstash-sync-token"]) {
    const value = req.headers[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
