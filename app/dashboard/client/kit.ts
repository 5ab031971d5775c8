// DOM and formatting helpers for the dashboard's browser script. The browser gets this function's
// source (see script.ts), so it must use nothing from outside its own body but browser globals.

/** One minute of the throughput series. */
type Minute = { minute: number; completed: number; dead: number };

/** What `el` and `fill` take as children: falsy ones are skipped, arrays flattened. */
export type Child = Node | string | number | null | undefined | false | Child[];

export function dashboardKit() {
  type Props = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

  /** An element with attributes (`on*` functions become listeners) and children; text is never HTML. */
  function el(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (typeof value === "function") node.addEventListener(name.slice(2), value);
      else if (value === true) node.setAttribute(name, "");
      else if (value !== undefined && value !== false) node.setAttribute(name, String(value));
    }
    return fill(node, children);
  }

  /** Replaces the children of `node`. */
  function fill<T extends Element>(node: T, children: Child[]): T {
    const nodes: (Node | string)[] = [];
    for (const child of children.flat(8) as Child[]) {
      if (child === null || child === undefined || child === false) continue;
      nodes.push(typeof child === "object" ? (child as Node) : String(child));
    }
    node.replaceChildren(...nodes);
    return node;
  }

  const button = (label: string, props: Props, onclick: () => void) =>
    el("button", { type: "button", ...props, onclick }, label);

  /** `950 ms`, `42 s`, `7 min`, `3 h`, `2 d`. */
  function duration(ms: number): string {
    const s = Math.round(ms / 1000);
    if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
    if (s < 90) return `${s} s`;
    if (s < 5400) return `${Math.round(s / 60)} min`;
    if (s < 172_800) return `${Math.round(s / 3600)} h`;
    return `${Math.round(s / 86_400)} d`;
  }

  const ago = (epochMs: number | null) => (epochMs ? `${duration(Date.now() - epochMs)} ago` : "—");
  const clock = (epochMs: number | null) =>
    epochMs ? new Date(epochMs).toLocaleString(undefined, { hour12: false }) : "—";
  /** Time of day only, for table cells; today's rows rarely need the date. */
  const time = (epochMs: number) =>
    new Date(epochMs).toLocaleTimeString(undefined, { hour12: false });

  /** Only http(s) links reach an href: a `javascript:` URL in a result must not become clickable. */
  const safeHref = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : undefined);

  const SVG = "http://www.w3.org/2000/svg";
  /** Draws one stacked bar per minute (completed under dead) in `svg`, whose viewBox is 0 0 120 30. */
  function bars(svg: SVGElement, minutes: Minute[]): void {
    const max = Math.max(1, ...minutes.map((m) => m.completed + m.dead));
    const width = 120 / Math.max(1, minutes.length);
    const shapes = minutes.flatMap((m, i) => {
      let top = 30;
      return (["completed", "dead"] as const).flatMap((kind) => {
        if (m[kind] === 0) return [];
        const height = (m[kind] / max) * 28;
        top -= height;
        const rect = document.createElementNS(SVG, "rect");
        const at = { x: i * width + 0.2, y: top, width: width - 0.4, height, class: kind };
        for (const [name, value] of Object.entries(at)) rect.setAttribute(name, String(value));
        const title = document.createElementNS(SVG, "title");
        title.textContent = `${new Date(m.minute).toLocaleTimeString(undefined, { hour12: false })}: ${m[kind]} ${kind}`;
        rect.append(title);
        return [rect];
      });
    });
    svg.replaceChildren(...shapes);
  }

  return { el, fill, button, duration, ago, clock, time, safeHref, bars };
}

export type DashboardKit = ReturnType<typeof dashboardKit>;
