// The signed-in session of the dashboard's browser script: the token, kept in sessionStorage (this
// tab only, gone when it closes), and API calls that carry it. Sent as source: browser globals only.

export function dashboardSession() {
  const KEY = "inflio.queueToken";
  let token = sessionStorage.getItem(KEY);

  /** The API answered 401: the token is wrong, or was rotated since sign-in. */
  class Refused extends Error {}

  async function api<T>(path: string, method = "GET", bearer = token): Promise<T> {
    const headers = { authorization: `Bearer ${bearer}` };
    const res = await fetch(path, { method, headers, cache: "no-store" });
    const body = await res.json().catch(() => ({}));
    if (res.status === 401) throw new Refused(body.error);
    if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
    return body as T;
  }

  /** Tries `given` on the API and keeps it if accepted; otherwise returns what to tell the user. */
  async function signIn(given: string): Promise<string | null> {
    try {
      await api("/api/dashboard/summary", "GET", given);
    } catch (e) {
      if (e instanceof Refused) return "That token was refused.";
      return `The API did not answer: ${(e as Error).message}`;
    }
    token = given;
    sessionStorage.setItem(KEY, given);
    return null;
  }

  function forget(): void {
    token = null;
    sessionStorage.removeItem(KEY);
  }

  return { api, signIn, forget, Refused, signedIn: () => token !== null };
}

export type DashboardSession = ReturnType<typeof dashboardSession>;
