// One function instance, in its own Node process: imports the function's handler file (a fresh
// module, under the function's env only), then serves it over HTTP on a loopback port that it reports
// to the host over IPC. It calls the export named after the request method with a Web Request, or a
// default `{ fetch }` export, as Vercel's Node.js launcher does; a method without an export gets 405.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { sendVercelError } from "./vercel-error.js";
import { sendWebResponse, toWebRequest } from "./web-bridge.js";

export type RunnerMessage = { type: "ready"; port: number } | { type: "failed"; message: string };

type WebHandler = (request: Request) => Response | Promise<Response>;

const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"];

function send(message: RunnerMessage): void {
  process.send?.(message);
}

function handlersOf(mod: Record<string, unknown>): Map<string, WebHandler> {
  const byMethod = new Map<string, WebHandler>();
  for (const method of HTTP_METHODS) {
    if (typeof mod[method] === "function") byMethod.set(method, mod[method] as WebHandler);
  }
  const fetchExport = (mod.default as { fetch?: unknown } | undefined)?.fetch;
  if (byMethod.size === 0 && typeof fetchExport === "function") {
    for (const method of HTTP_METHODS) byMethod.set(method, fetchExport as WebHandler);
  }
  if (byMethod.size === 0) {
    throw new Error(
      "the handler exports neither HTTP method functions (GET, POST, ...) nor a default { fetch }",
    );
  }
  return byMethod;
}

async function main(handlerPath: string): Promise<void> {
  let handlers: Map<string, WebHandler>;
  try {
    handlers = handlersOf(await import(pathToFileURL(handlerPath).href));
  } catch (error) {
    console.error(error);
    send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }

  const server = createServer(async (req, res) => {
    const method = req.method ?? "GET";
    const handler = handlers.get(method);
    if (!handler) {
      res.writeHead(405).end();
      return;
    }
    const aborted = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) aborted.abort();
    });
    try {
      const response = await handler(toWebRequest(req, aborted.signal));
      await sendWebResponse(res, response, method);
      // A handler that answered without reading the body (a 413 on Content-Length, say): drain the
      // rest, so the connection serves the next request.
      if (!req.complete) {
        req.removeAllListeners("data");
        req.resume();
      }
    } catch (error) {
      console.error(error);
      sendVercelError(res, 500, "FUNCTION_INVOCATION_FAILED");
    }
  });
  server.listen(0, "127.0.0.1", () => {
    send({ type: "ready", port: (server.address() as AddressInfo).port });
  });
  // The host is gone: so is the instance.
  process.once("disconnect", () => process.exit(0));
}

const handlerPath = process.argv[2];
if (!handlerPath) throw new Error("usage: function-runner <handler file>");
await main(handlerPath);
