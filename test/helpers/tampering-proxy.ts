import { startHostileServer, type HostileServer } from './hostile-server.ts';

/** An answer on its way back from the panel; return a changed one, or undefined to pass it on. */
export type Tamper = (req: { method: string; path: string }, answer: { status: number; body: string }) => { status: number; body: string } | undefined;

/** What happens to a write on its way to the panel: passed on, dropped (answered 200 with its own body), or sent twice (the second answer returned). */
export type WriteMode = (req: { method: string; path: string }) => 'pass' | 'drop' | 'twice';

export interface TamperingProxy extends HostileServer {
  /** What is done to answers from now on (undefined: nothing). */
  tamper: Tamper | undefined;
  /** What is done to writes from now on (undefined: passed on). */
  writes: WriteMode | undefined;
  /** Answers given without asking the panel at all (undefined: every request goes through). */
  intercept: ((req: { method: string; path: string }) => { status: number; body: string } | undefined) | undefined;
  /** Answers it changed so far. */
  tampered: number;
}

/**
 * A loopback proxy in front of an emulator that can rewrite the panel's answers: the panel
 * itself stays faithful (its state, its write counters), only what panelops reads is wrong.
 */
export async function startTamperingProxy(target: string): Promise<TamperingProxy> {
  const proxy = (await startHostileServer(async (req, res) => {
    const own = proxy.intercept?.({ method: req.method, path: new URL(req.url, 'http://x').pathname });
    if (own) {
      res.writeHead(own.status, { 'content-type': 'application/json' });
      return void res.end(own.body);
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && !['host', 'content-length', 'connection'].includes(e[0])));
    const path = new URL(req.url, 'http://x').pathname;
    const mode = req.method === 'GET' ? 'pass' : (proxy.writes?.({ method: req.method, path }) ?? 'pass');
    if (mode === 'drop') {
      // A panel that says it did what it was asked and did nothing: a create echoes what was
      // sent, an update answers the object as it still is (as a panel's PUT answers its object).
      const unchanged = req.method === 'PUT' ? await fetch(target + req.url, { method: 'GET', headers, redirect: 'manual' }) : undefined;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(unchanged?.ok ? await unchanged.text() : req.body || '{}');
      return;
    }
    const send = () => fetch(target + req.url, { method: req.method, headers, ...(req.body ? { body: req.body } : {}), redirect: 'manual' });
    if (mode === 'twice') await (await send()).text();
    const upstream = await send();
    const answer = { status: upstream.status, body: await upstream.text() };
    const changed = proxy.tamper?.({ method: req.method, path }, answer);
    if (changed) proxy.tampered += 1;
    const out = changed ?? answer;
    const passOn: Record<string, string[] | string> = { 'content-type': upstream.headers.get('content-type') ?? 'application/json' };
    const cookies = upstream.headers.getSetCookie();
    if (cookies.length) passOn['set-cookie'] = cookies;
    res.writeHead(out.status, passOn);
    res.end(out.body);
  })) as TamperingProxy;
  proxy.tamper = undefined;
  proxy.writes = undefined;
  proxy.intercept = undefined;
  proxy.tampered = 0;
  return proxy;
}
