import { empty, type Router } from '../../kit/router.ts';
import { coded, invalid, ok } from '../errors.ts';
import type { RemnawaveState } from '../state.ts';
import type { EmuHost } from '../types.ts';
import { hostView } from '../views.ts';
import { objectBody, type RouteContext } from './context.ts';

const TEXT = ['path', 'sni', 'host', 'alpn', 'fingerprint', 'serverDescription'] as const;

function inboundOf(state: RemnawaveState, value: unknown): { profileUuid: string; inboundUuid: string } {
  const v = (value ?? {}) as { configProfileUuid?: unknown; configProfileInboundUuid?: unknown };
  const profile = state.profiles.get(String(v.configProfileUuid)) ?? coded(404, 'A111', 'Config profile not found');
  const inbound = profile.inbounds.find((i) => i.uuid === v.configProfileInboundUuid) ?? coded(404, 'A124', 'Config profile inbound not found in specified profile');
  return { profileUuid: profile.uuid, inboundUuid: inbound.uuid };
}

function assign(h: EmuHost, body: Record<string, unknown>): void {
  if (typeof body.remark === 'string') h.remark = body.remark;
  if (typeof body.address === 'string') h.address = body.address.trim();
  if (typeof body.port === 'number') h.port = body.port;
  for (const f of TEXT) if (body[f] !== undefined) h[f] = body[f] as string | null;
  if (typeof body.securityLayer === 'string') h.securityLayer = body.securityLayer;
  if (Array.isArray(body.tags)) h.tags = body.tags as string[];
  if (typeof body.isHidden === 'boolean') h.isHidden = body.isHidden;
  if (Array.isArray(body.nodes)) h.nodes = body.nodes as string[];
  if (Array.isArray(body.excludedInternalSquads)) h.excludedInternalSquads = body.excludedInternalSquads as string[];
}

/** Hosts (§11): remarks not unique; inbound checked (A111 / A124); on 3.3.x a PATCH without isDisabled enables the host. */
export function hostRoutes(router: Router, { state, guarded }: RouteContext): void {
  const find = (uuid: string) => state.hosts.get(uuid) ?? coded(404, 'A046', 'Host not found');
  router.get('/api/hosts', guarded('hosts', 'list', 'read', () => ok(200, [...state.hosts.values()].map(hostView))));
  router.get('/api/hosts/:uuid', guarded('hosts', 'get', 'read', (req) => ok(200, hostView(find(req.params.uuid ?? '')))));
  router.post('/api/hosts', guarded('hosts', 'create', 'write', (req) => {
    const body = objectBody(req);
    if (typeof body.remark !== 'string' || body.remark.length < 1 || body.remark.length > 100) invalid([{ path: ['remark'], message: 'Remark must be 1-100 characters', code: 'too_small' }]);
    if (typeof body.address !== 'string' || typeof body.port !== 'number') invalid([{ path: [typeof body.address !== 'string' ? 'address' : 'port'], message: 'Required', code: 'invalid_type' }]);
    const where = inboundOf(state, body.inbound);
    const host: EmuHost = {
      uuid: state.uuid(), remark: '', address: '', port: 0, path: null, sni: null, host: null, alpn: null, fingerprint: null, isDisabled: body.isDisabled === true,
      securityLayer: 'DEFAULT', serverDescription: null, tags: [], isHidden: false, profileUuid: where.profileUuid, inboundUuid: where.inboundUuid, nodes: [], excludedInternalSquads: [],
    };
    assign(host, body);
    state.hosts.set(host.uuid, host);
    return ok(201, hostView(host));
  }));
  router.patch('/api/hosts', guarded('hosts', 'update', 'write', (req) => {
    const body = objectBody(req);
    const host = find(String(body.uuid ?? ''));
    const where = body.inbound !== undefined ? inboundOf(state, body.inbound) : undefined;
    assign(host, body);
    if (where) {
      host.profileUuid = where.profileUuid;
      host.inboundUuid = where.inboundUuid;
    }
    // `isDisabled` defaults to false in the 3.3.x update contract (§11).
    host.isDisabled = body.isDisabled === true;
    return ok(200, hostView(host));
  }));
  router.post('/api/hosts/bulk/disable', guarded('hosts', 'bulk-disable', 'write', (req) => {
    const uuids = objectBody(req).uuids;
    if (!Array.isArray(uuids)) invalid([{ path: ['uuids'], message: 'Invalid input: expected array', code: 'invalid_type' }]);
    for (const u of uuids as string[]) {
      const h = state.hosts.get(u);
      if (h) h.isDisabled = true;
    }
    return ok(200, [...state.hosts.values()].map(hostView));
  }));
  router.delete('/api/hosts/:uuid', guarded('hosts', 'delete', 'write', (req) => {
    state.hosts.delete(find(req.params.uuid ?? '').uuid);
    return empty(204);
  }));
}
