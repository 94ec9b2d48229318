import { BadRequestBody, json, type Router } from '../../kit/router.ts';
import { parseHost, hostResponse } from '../hosts-logic.ts';
import { fail, invalid, route } from '../http-errors.ts';
import type { MarzbanState } from '../state.ts';
import type { EmuHost } from '../types.ts';
import { inboundsResponse } from '../views.ts';
import type { RouteContext } from './context.ts';

const hostsMap = (state: MarzbanState) => Object.fromEntries([...state.hosts].map(([tag, list]) => [tag, list.map((h) => hostResponse(h, state.version))]));

/**
 * `GET /api/system` in each release's shape (§10, §16.8): 0.4.2 and 0.7.0 have no `online_users`
 * and no per-status counters but `users_active`. The machine figures are fixed (no host is measured
 * here) and nothing carries traffic.
 */
function systemStats(state: MarzbanState): Record<string, unknown> {
  const users = [...state.users.values()];
  const count = (status: string) => users.filter((u) => u.status === status).length;
  const newer = state.version === '0.8.4';
  const dayAgo = state.clock.now() - 24 * 3600 * 1000;
  return {
    version: state.version,
    mem_total: 8 * 2 ** 30,
    mem_used: 2 ** 30,
    cpu_cores: 2,
    cpu_usage: 0,
    total_user: users.length,
    ...(newer ? { online_users: users.filter((u) => u.online_at !== null && u.online_at >= dayAgo).length } : {}),
    users_active: count('active'),
    ...(newer ? { users_on_hold: count('on_hold'), users_disabled: count('disabled'), users_expired: count('expired'), users_limited: count('limited') } : {}),
    incoming_bandwidth: 0,
    outgoing_bandwidth: 0,
    incoming_bandwidth_speed: 0,
    outgoing_bandwidth_speed: 0,
  };
}

/** Inbounds, hosts and system (§9, §11). */
export function configRoutes(router: Router, { state, auth }: RouteContext): void {
  router.get('/api/inbounds', route((req) => {
    auth.caller(req);
    return json(200, inboundsResponse(state));
  }));

  router.get('/api/system', route((req) => {
    auth.caller(req);
    return json(200, systemStats(state));
  }));

  // The core as the panels built here report it (§10): a stand-in Xray that is always started.
  router.get('/api/core', route((req) => {
    auth.caller(req);
    return json(200, { version: '1.8.4', started: true, logs_websocket: '/api/core/logs' });
  }));

  router.get('/api/hosts', route((req) => {
    auth.sudoCaller(req);
    return json(200, hostsMap(state));
  }));

  // Every key is checked first; then each listed key's list replaces that inbound's hosts (§9).
  router.put('/api/hosts', route((req) => {
    auth.sudoCaller(req);
    const body = req.json();
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestBody('not an object');
    const parsed = new Map<string, EmuHost[]>();
    for (const [tag, list] of Object.entries(body as Record<string, unknown>)) {
      if (!Array.isArray(list)) invalid(tag, 'Input should be a valid list');
      const hosts = (list as unknown[]).map((raw) => {
        const h = parseHost(raw, state.version);
        return Array.isArray(h) ? invalid(h[0], h[1]) : h;
      });
      parsed.set(tag, hosts);
    }
    for (const tag of parsed.keys()) if (!state.hasTag(tag)) fail(400, `Inbound ${tag} doesn't exist`);
    for (const [tag, hosts] of parsed) state.hosts.set(tag, hosts);
    state.referenceTags(parsed.keys());
    return json(200, hostsMap(state));
  }));
}
