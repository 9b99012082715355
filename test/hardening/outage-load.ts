/** Status counts and worst latency of the requests one phase of an outage test sent. */
export class Tally {
  readonly statuses: Record<string, number> = {};
  sent = 0;
  maxMs = 0;
  missingRetryAfter = 0;

  /** Sends one request, timing it; a network error counts as status "network". */
  async send(request: () => Promise<Response>): Promise<Response | undefined> {
    const started = Date.now();
    let res: Response | undefined;
    try {
      res = await request();
      await res.clone().arrayBuffer();
    } catch {
      res = undefined;
    }
    const key = res ? String(res.status) : 'network';
    this.sent++;
    this.statuses[key] = (this.statuses[key] ?? 0) + 1;
    this.maxMs = Math.max(this.maxMs, Date.now() - started);
    if (res?.status === 503 && !res.headers.get('retry-after')) this.missingRetryAfter++;
    return res;
  }

  /** Statuses that must never appear: 500-502, 504+ and network errors (a crash or hang). */
  bad(): string[] {
    return Object.keys(this.statuses).filter((s) => s === 'network' || (Number(s) >= 500 && s !== '503'));
  }
}

/** Runs `work` from `concurrency` loops until stop() is called; each loop picks the tally of the moment. */
export function backgroundLoad(
  concurrency: number,
  work: (tally: Tally) => Promise<unknown>,
  tally: () => Tally,
): { stop(): Promise<void> } {
  let running = true;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) await work(tally());
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
