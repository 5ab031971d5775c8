// A tiny router over Web-standard Request/Response: method + path pattern (`/api/jobs/:id`).
import { errorResponse, HttpError } from "./http-error.js";

export type RouteHandler<C> = (
  request: Request,
  params: Record<string, string>,
  ctx: C,
) => Promise<Response>;

interface Route<C> {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler<C>;
}

export class Router<C> {
  private readonly routes: Route<C>[] = [];

  on(methods: string | string[], path: string, handler: RouteHandler<C>): this {
    const names: string[] = [];
    const source = path.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    for (const method of [methods].flat()) {
      this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
    }
    return this;
  }

  /** Finds the route; 404 for an unknown path, 405 for a known path with another method. */
  async handle(request: Request, ctx: () => C): Promise<Response> {
    const { pathname } = new URL(request.url);
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(pathname);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== request.method && !(request.method === "HEAD" && route.method === "GET"))
        continue;
      try {
        const params = Object.fromEntries(
          route.names.map((n, i) => [n, decodeParam(n, match[i + 1]!)]),
        );
        return await route.handler(request, params, ctx());
      } catch (error) {
        if (error instanceof HttpError)
          return errorResponse(error.status, error.message, error.field);
        throw error;
      }
    }
    return pathMatched
      ? errorResponse(405, `Method ${request.method} is not allowed on ${pathname}`)
      : errorResponse(404, `No route for ${request.method} ${pathname}`);
  }
}

/** A path parameter, percent-decoded; a malformed escape is the client's mistake: 400. */
function decodeParam(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, `${name}: malformed percent-encoding in the path`, name);
  }
}
