/** How often expired entries are swept when nobody reads them (lazy expiry covers reads in between). */
const SWEEP_INTERVAL_MS = 60_000;

interface Entry {
  value: unknown;
  expiresAt: number;
}

/**
 * An in-process key/value map where every entry has an expiry. Expired entries are never returned,
 * dropped on access and by a periodic sweep; the sweep timer is unref'd and holds the store only weakly,
 * so neither the timer nor a forgotten store keeps the process or the memory alive.
 */
export class MemoryStore {
  readonly #entries = new Map<string, Entry>();

  constructor(sweepIntervalMs = SWEEP_INTERVAL_MS) {
    const ref = new WeakRef(this);
    const timer: NodeJS.Timeout = setInterval(() => {
      const store = ref.deref();
      if (store) store.sweep();
      else clearInterval(timer);
    }, sweepIntervalMs);
    timer.unref();
  }

  /** The live value under `key`, or undefined if missing or expired. */
  get<T>(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  /** Stores `value` for `ttlMs` milliseconds (there is no way to store without expiry). */
  set(key: string, value: unknown, ttlMs: number): void {
    this.setUntil(key, value, Date.now() + ttlMs);
  }

  /** Stores `value` until the epoch-ms instant `expiresAt`. */
  setUntil(key: string, value: unknown, expiresAt: number): void {
    this.#entries.set(key, { value, expiresAt });
  }

  /** Removes `key`; true if a live entry was there. */
  delete(key: string): boolean {
    const live = this.get(key) !== undefined;
    this.#entries.delete(key);
    return live;
  }

  /** Epoch-ms expiry of a live entry, or undefined if missing. */
  expiresAt(key: string): number | undefined {
    return this.get(key) === undefined ? undefined : this.#entries.get(key)!.expiresAt;
  }

  /** Keys of the live entries (inspection for tests and debugging). */
  keys(): string[] {
    this.sweep();
    return [...this.#entries.keys()];
  }

  /** Number of stored entries, expired ones included until swept. */
  get size(): number {
    return this.#entries.size;
  }

  /** Drops every expired entry. */
  sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(key);
    }
  }
}
