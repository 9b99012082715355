/**
 * A minimal cookie-keeping HTTP user agent for driving the real interaction pages over HTTP in integration
 * tests (the e2e suite does the same in Chromium). It follows redirects itself so it can stop at the RP.
 */
interface StoredCookie {
  value: string;
  path: string;
}

export class UserAgent {
  private readonly cookies = new Map<string, StoredCookie>();
  lastUrl = '';

  constructor(
    private readonly userAgent = 'pitboss-test-agent/1.0',
    /** Sent with every request (e.g. X-Forwarded-For behind TRUST_PROXY). */
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  private cookieHeader(url: URL): string {
    return [...this.cookies.entries()]
      .filter(([, c]) => url.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const path = attrs.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) || '/';
      const expired =
        attrs.some((a) => /^max-age=0$/i.test(a)) ||
        attrs.some((a) => a.toLowerCase().startsWith('expires=') && Date.parse(a.slice(8)) < Date.now());
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  /** One request, no redirect following; cookies sent and stored. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: 'text/html',
      ...this.extraHeaders,
    };
    const cookie = this.cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(target, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    this.store(res);
    this.lastUrl = target.href;
    return res;
  }

  /** Follows redirects until a page (non-3xx) or a Location starting with `stopAt` (the RP's redirect URI). */
  async follow(
    url: string,
    stopAt: string,
    init: { form?: Record<string, string> } = {},
  ): Promise<{ res: Response; url: string }> {
    let res = await this.request(url, init);
    let current = url;
    for (let hops = 0; hops < 15 && res.status >= 300 && res.status < 400; hops++) {
      const location = new URL(res.headers.get('location')!, current).href;
      if (location.startsWith(stopAt)) return { res, url: location };
      current = location;
      res = await this.request(location);
    }
    return { res, url: current };
  }
}

/** The value of a hidden input in a server-rendered form. */
export function hiddenInput(page: string, name: string): string {
  const match = page.match(new RegExp(`name="${name}" value="([^"]*)"`));
  if (!match) throw new Error(`no hidden input ${name} in page`);
  return match[1]!;
}

/** The action of the form whose submit button has the given text. */
export function formAction(page: string, button: string): string {
  for (const form of page.split('<form').slice(1)) {
    if (form.includes(`>${button}</button>`))
      return form.match(/action="([^"]+)"/)![1]!.replace(/&amp;/g, '&');
  }
  throw new Error(`no form with button ${button}`);
}
