/** Remembers one-time codes that were accepted, so the same code is never accepted twice. */
export interface ReplayGuard {
  /** True for the first claim of `key` within `ttlSeconds`; false for every later one (a replay). */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
}
