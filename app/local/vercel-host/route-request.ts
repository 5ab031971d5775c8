// Picks the function for a request as Vercel's router does for the routes this project emits: the
// first route whose `src` (and `methods`) match rewrites the path to its `dest` (`$1`/`$name`
// filled in); then the path names a function, or nothing serves it.
import type { HostedFunction, HostedOutput } from "./build-output.js";

export function routeRequest(
  output: HostedOutput,
  method: string,
  pathname: string,
): HostedFunction | undefined {
  let path = pathname;
  for (const route of output.routes) {
    if (route.methods && !route.methods.includes(method)) continue;
    const match = route.src.exec(pathname);
    if (!match) continue;
    if (route.dest) path = fillParameters(route.dest, match);
    break;
  }
  const name = (path.split("?")[0] ?? "").replace(/^\/+|\/+$/g, "");
  return output.functions.get(name || "index");
}

function fillParameters(dest: string, match: RegExpExecArray): string {
  return dest.replace(/\$([1-9a-zA-Z]+)/g, (_, key: string) => {
    const value = /^\d+$/.test(key) ? match[Number(key)] : match.groups?.[key];
    return value ?? "";
  });
}
