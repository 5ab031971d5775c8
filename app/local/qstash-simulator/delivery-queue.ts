// The simulator's message store and delivery loop: schedules each accepted message, retries
// failures with a delay, and ends in `delivered` or `failed` (QStash would move it to its DLQ).
import { randomBytes } from "node:crypto";
import { deliverOnce } from "./deliver.js";
import type { PublishSpec } from "./publish-request.js";

export type QStashSimulatorMessageState =
  | "pending"
  | "retrying"
  | "delivered"
  | "failed"
  | "deduplicated";

export interface QStashSimulatorMessage {
  /** For `deduplicated` entries, the id of the earlier message this publish collapsed into. */
  messageId: string;
  destination: string;
  method: string;
  /** Body as UTF-8 text, for assertions; it is delivered as the original bytes. */
  body: string;
  forwardHeaders: Record<string, string>;
  state: QStashSimulatorMessageState;
  /** Delivery attempts made so far. */
  attempts: number;
  /** First attempt plus `Upstash-Retries`. */
  maxAttempts: number;
  lastStatus?: number;
  lastError?: string;
  publishedAt: number;
  notBefore: number;
  deliveredAt?: number;
}

export interface DeliveryQueueOptions {
  signingKey: string;
  retryDelayMs: (attempt: number) => number;
  deliveryTimeoutMs: number;
  deduplicationWindowMs: number;
}

interface Entry {
  view: QStashSimulatorMessage;
  spec: PublishSpec;
}

/** setTimeout overflows past ~24.8 days; longer waits wake up early and sleep again. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class DeliveryQueue {
  readonly #options: DeliveryQueueOptions;
  readonly #entries: Entry[] = [];
  readonly #dedup = new Map<string, { messageId: string; until: number }>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #active = new Set<Entry>();
  readonly #idleWaiters = new Set<(error?: Error) => void>();
  readonly #closing = new AbortController();

  constructor(options: DeliveryQueueOptions) {
    this.#options = options;
  }

  /** Accepts a message; a repeat of a live deduplication key is recorded but never delivered. */
  publish(spec: PublishSpec, now = Date.now()): { messageId: string; deduplicated: boolean } {
    const earlier = spec.deduplicationKey ? this.#dedup.get(spec.deduplicationKey) : undefined;
    if (earlier && earlier.until > now) {
      this.#entries.push({ spec, view: this.#view(spec, earlier.messageId, "deduplicated", now) });
      return { messageId: earlier.messageId, deduplicated: true };
    }
    const messageId = `msg_sim_${randomBytes(12).toString("hex")}`;
    if (spec.deduplicationKey) {
      this.#dedup.set(spec.deduplicationKey, {
        messageId,
        until: now + this.#options.deduplicationWindowMs,
      });
    }
    const entry: Entry = { spec, view: this.#view(spec, messageId, "pending", now) };
    this.#entries.push(entry);
    this.#active.add(entry);
    this.#schedule(entry, spec.notBefore - now);
    return { messageId, deduplicated: false };
  }

  messages(): QStashSimulatorMessage[] {
    return this.#entries.map((entry) => structuredClone(entry.view));
  }

  /** Resolves once no message is waiting, in flight or due a retry; rejects after `timeoutMs`. */
  waitForIdle(timeoutMs: number): Promise<void> {
    if (this.#active.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = (error?: Error) => {
        clearTimeout(timer);
        this.#idleWaiters.delete(waiter);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => {
        const busy = [...this.#active].map(
          (e) => `${e.view.messageId} (${e.view.state}, ${e.view.attempts} attempts)`,
        );
        waiter(new Error(`QStash simulator still busy after ${timeoutMs} ms: ${busy.join(", ")}`));
      }, timeoutMs);
      this.#idleWaiters.add(waiter);
    });
  }

  /** Stops all deliveries; messages keep their last state and pending waits reject. */
  close(): void {
    this.#closing.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const waiter of [...this.#idleWaiters]) {
      waiter(new Error("QStash simulator closed while messages were still pending"));
    }
  }

  #schedule(entry: Entry, delayMs: number): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.#attempt(entry).catch((error: unknown) => {
          // Only a throwing `retryDelayMs` gets here; end the message rather than leave it hanging.
          entry.view.state = "failed";
          entry.view.lastError = `simulator error: ${error instanceof Error ? error.message : String(error)}`;
          this.#settle(entry);
        });
      },
      Math.min(Math.max(0, delayMs), MAX_TIMER_MS),
    );
    this.#timers.add(timer);
  }

  async #attempt(entry: Entry): Promise<void> {
    const { view, spec } = entry;
    const wait = view.notBefore - Date.now();
    if (wait > 0) return this.#schedule(entry, wait);
    const outcome = await deliverOnce({
      messageId: view.messageId,
      destination: spec.destination,
      method: spec.method,
      body: spec.body,
      forwardHeaders: spec.forwardHeaders,
      retried: view.attempts,
      signingKey: this.#options.signingKey,
      timeoutMs: this.#options.deliveryTimeoutMs,
      signal: this.#closing.signal,
    });
    if (this.#closing.signal.aborted) return;
    view.attempts++;
    if ("status" in outcome) {
      view.lastStatus = outcome.status;
      delete view.lastError;
    } else {
      view.lastError = outcome.error;
      delete view.lastStatus;
    }
    if ("status" in outcome && outcome.status >= 200 && outcome.status < 300) {
      view.state = "delivered";
      view.deliveredAt = Date.now();
      this.#settle(entry);
    } else if (view.attempts < view.maxAttempts) {
      view.state = "retrying";
      const delay = this.#options.retryDelayMs(view.attempts);
      view.notBefore = Date.now() + delay;
      this.#schedule(entry, delay);
    } else {
      view.state = "failed";
      this.#settle(entry);
    }
  }

  #settle(entry: Entry): void {
    this.#active.delete(entry);
    if (this.#active.size === 0) for (const wake of [...this.#idleWaiters]) wake();
  }

  #view(
    spec: PublishSpec,
    messageId: string,
    state: QStashSimulatorMessageState,
    now: number,
  ): QStashSimulatorMessage {
    return {
      messageId,
      destination: spec.destination,
      method: spec.method,
      body: spec.body.toString("utf8"),
      forwardHeaders: { ...spec.forwardHeaders },
      state,
      attempts: 0,
      maxAttempts: spec.retries + 1,
      publishedAt: now,
      notBefore: spec.notBefore,
    };
  }
}
