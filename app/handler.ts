// The app's single entry point: a Web-standard handler (Request -> Response) that serves every route.
// Vercel functions, local mode and tests all call this. The environment is parsed once, on first use.
import { createApp } from "./app.js";
import { parseEnv } from "./config/env.js";
import { type AppContext, createContext } from "./context.js";

let context: AppContext | undefined;

const app = createApp(() => {
  context ??= createContext(parseEnv());
  return context;
});

export function handle(request: Request): Promise<Response> {
  return app(request);
}
