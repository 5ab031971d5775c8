// GET /dashboard, /dashboard/app.js and /dashboard/app.css: the static page, public because it holds
// no data. The CSP allows only these same-origin files, so injected markup could run nothing.
import { DASHBOARD_SCRIPT } from "./client/script.js";
import { DASHBOARD_HTML } from "./page.js";
import { DASHBOARD_CSS } from "./styles.js";

/** Same-origin script, style and API calls; no inline code, no framing, no form posts. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

function asset(body: string, contentType: string): () => Promise<Response> {
  return async () =>
    new Response(body, {
      headers: {
        "content-type": contentType,
        "content-security-policy": DASHBOARD_CSP,
        "x-frame-options": "DENY",
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        // Revalidate every time: a deploy must never pair a new page with an old script.
        "cache-control": "no-cache",
      },
    });
}

export const dashboardPage = asset(DASHBOARD_HTML, "text/html; charset=utf-8");
export const dashboardScript = asset(DASHBOARD_SCRIPT, "text/javascript; charset=utf-8");
export const dashboardStyles = asset(DASHBOARD_CSS, "text/css; charset=utf-8");
