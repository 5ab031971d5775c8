// The module every Vercel function runs: the app's one Web handler, exported under each HTTP method.
//
// Why Web exports and no (req, res) adapter: Vercel's Node.js runtime documents `export function
// GET(request: Request)` (docs: functions/runtimes/node-js). @vercel/node ships such a file as the
// function's `handler` untouched, with only `launcherType: "Nodejs"` (packages/node/src/build.ts),
// so the platform's launcher itself dispatches on method exports. `vercel build` writes that very
// `NodejsLambda` as `.vc-config.json` (packages/cli/src/util/build/write-build-result.ts), and the
// platform reads prebuilt output back through the same type (build-utils deserialize-lambda.ts ->
// finalize-lambda.ts), so a prebuilt function with method exports is what every `vercel deploy
// --prebuilt` of a Web-signature function already is. A method without an export answers 405, so
// all seven are exported and the app decides.
import { handle } from "../handler.js";

const invoke = (request: Request): Promise<Response> => handle(request);

export {
  invoke as DELETE,
  invoke as GET,
  invoke as HEAD,
  invoke as OPTIONS,
  invoke as PATCH,
  invoke as POST,
  invoke as PUT,
};
