import type { Router } from '../../kit/router.ts';
import { isDepleted, isExpiring } from '../depletion.ts';
import { ok } from '../envelope.ts';
import type { XuiState } from '../state.ts';
import type { XuiClient } from '../types.ts';
import { inboundIdsView, trafficView } from '../views.ts';
import { apiRoute, offers, type XuiRouteContext } from './api-route.ts';

const CAP = 200;

/** The buckets of §7.9 for one client. */
function buckets(state: XuiState, c: XuiClient, now: number): Set<string> {
  const used = state.usedBytes(c.email);
  const depleted = isDepleted(c, used, now);
  const out = new Set<string>();
  if (depleted) out.add('depleted');
  if (c.enable && !depleted) out.add('active');
  if (!c.enable) out.add('deactive');
  if (isExpiring(state, c, used, now)) out.add('expiring');
  if (c.enable && state.online.has(c.email)) out.add('online');
  return out;
}

const SORTS: Record<string, (s: XuiState, c: XuiClient) => number | string> = {
  enable: (_s, c) => Number(c.enable),
  email: (_s, c) => c.email,
  inboundIds: (_s, c) => c.inboundIds.length,
  traffic: (s, c) => s.usedBytes(c.email),
  expiryTime: (_s, c) => (c.expiryTime > 0 ? c.expiryTime : Number.MAX_SAFE_INTEGER),
  createdAt: (_s, c) => c.createdAt,
  updatedAt: (_s, c) => c.updatedAt,
};

/** GET clients/list/paged (§6): page 1 / size 25 by default, at most 200; summary over every client. */
export function pagedRoutes(router: Router, ctx: XuiRouteContext): void {
  // The clients API came with v3.1.0 (§12.16).
  if (!offers(ctx, '3.1')) return;
  const { state } = ctx;
  apiRoute(router, ctx, 'GET', '/clients/list/paged', (req) => {
    const q = req.query;
    const page = Math.max(1, Number(q.get('page')) || 1);
    const pageSize = Math.min(CAP, Math.max(1, Number(q.get('pageSize')) || 25));
    const now = state.clock.now();
    const search = q.get('search')?.toLowerCase();
    const filters = (q.get('filter') ?? '').split(',').filter(Boolean);
    const groups = (q.get('group') ?? '').split(',').filter(Boolean);
    const all = [...state.clientsById.values()];
    const tagged = all.map((c) => ({ c, b: buckets(state, c, now) }));
    const known = new Set(['active', 'depleted', 'deactive', 'expiring', 'online']);
    let matches = tagged.filter(({ c, b }) =>
      (!search || [c.email, c.subId, c.comment, c.uuid, c.password, c.auth, String(c.tgId)].some((v) => v.toLowerCase().includes(search))) &&
      // An unknown bucket name matches everything (§7.9).
      (filters.length === 0 || filters.some((f) => !known.has(f) || b.has(f))) &&
      (groups.length === 0 || groups.includes(c.group)),
    );
    const sortKey = SORTS[q.get('sort') ?? ''];
    if (sortKey) {
      const dir = q.get('order') === 'descend' ? -1 : 1;
      matches = [...matches].sort((x, y) => {
        const a = sortKey(state, x.c);
        const b = sortKey(state, y.c);
        return (a < b ? -1 : a > b ? 1 : 0) * dir;
      });
    }
    const list = (bucket: string) => tagged.filter(({ b }) => b.has(bucket)).map(({ c }) => c.email);
    const capped = (emails: string[]) => emails.slice(0, CAP);
    const deactive = tagged.filter(({ b }) => b.has('deactive') && !b.has('depleted')).map(({ c }) => c.email);
    const items = matches.slice((page - 1) * pageSize, page * pageSize).map(({ c }) => {
      const row = state.traffic.get(c.email);
      return {
        email: c.email, subId: c.subId, enable: c.enable, totalGB: c.totalGB, expiryTime: c.expiryTime, limitIp: c.limitIp,
        limitHwid: c.limitHwid, reset: c.reset, resetDay: c.resetDay, resetMax: c.resetMax,
        ...(c.group ? { group: c.group } : {}), ...(c.comment ? { comment: c.comment } : {}),
        inboundIds: inboundIdsView(c), ...(row ? { traffic: trafficView(row) } : {}), createdAt: c.createdAt, updatedAt: c.updatedAt,
      };
    });
    const active = list('active');
    const expiring = list('expiring');
    return ok({
      items,
      total: all.length,
      filtered: matches.length,
      page,
      pageSize,
      summary: {
        total: all.length, active: active.length - expiring.length, onlineCount: list('online').length, depletedCount: list('depleted').length,
        expiringCount: expiring.length, deactiveCount: deactive.length,
        online: capped(list('online')), depleted: capped(list('depleted')), expiring: capped(expiring), deactive: capped(deactive),
      },
      groups: [...new Set([...state.groups, ...all.map((c) => c.group).filter(Boolean)])].sort(),
    });
  });
}
