// The dashboard's browser script, served at /dashboard/app.js. It is written as TypeScript functions
// so `tsc` checks it against the DOM types, and shipped as their source text: in the built app that
// text is already minified by the same esbuild pass as the server code, with no separate build step.
// This is safe only because each function uses nothing but browser globals and its parameters.
import { dashboardCommands } from "./commands.js";
import { dashboardDetail } from "./detail.js";
import { dashboardKit } from "./kit.js";
import { dashboardMain } from "./main.js";
import { dashboardSession } from "./session.js";
import { dashboardViews } from "./views.js";

export const DASHBOARD_SCRIPT = `"use strict";(() => {
const kit = (${dashboardKit})();
const views = { ...(${dashboardViews})(kit), ...(${dashboardDetail})(kit) };
(${dashboardMain})(kit, views, (${dashboardSession})(), ${dashboardCommands});
})();
`;
