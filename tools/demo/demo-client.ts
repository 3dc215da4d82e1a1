import type { Role } from '@casebook/domain';
import { signToken } from '@casebook/platform';

export type Caller = { sub: string; role: Role; sites?: string[] };

/** The demo cannot go on (the Casebook refused it, or is not the one expected). */
export class DemoError extends Error {}

/** The demo's HTTP client: every call with a token of its caller, commands counted. */
export class DemoClient {
  commands = 0;
  refused = 0;
  lastPosition = 0n;
  constructor(
    private readonly base: string,
    private readonly secret: string,
  ) {}

  token(caller: Caller) {
    return signToken(this.secret, caller, '1h');
  }

  async request(method: string, path: string, as: Caller, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token(as)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the text
    }
    return { status: res.status, body: parsed };
  }

  /** A command that must succeed. */
  async command(path: string, as: Caller, body: unknown): Promise<any> {
    const res = await this.request('POST', path, as, body);
    this.commands++;
    if (res.status >= 300) throw new DemoError(`POST ${path} as ${as.sub}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body?.position && BigInt(res.body.position) > this.lastPosition) this.lastPosition = BigInt(res.body.position);
    return res.body;
  }

  /** A command that may be refused with one of `statuses`: answers undefined then. */
  async attempt(path: string, as: Caller, body: unknown, statuses: number[]): Promise<any | undefined> {
    const res = await this.request('POST', path, as, body);
    this.commands++;
    if (statuses.includes(res.status)) {
      this.refused++;
      return undefined;
    }
    if (res.status >= 300) throw new DemoError(`POST ${path} as ${as.sub}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body?.position && BigInt(res.body.position) > this.lastPosition) this.lastPosition = BigInt(res.body.position);
    return res.body;
  }
}
