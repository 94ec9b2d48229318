import { empty, type Router } from '../../kit/router.ts';
import { coded, invalid, ok } from '../errors.ts';
import type { RemnawaveState } from '../state.ts';
import type { EmuProfile } from '../types.ts';
import { inboundView, profileView } from '../views.ts';
import { objectBody, type RouteContext } from './context.ts';

const PROTOCOLS = new Set(['vless', 'trojan', 'shadowsocks', 'hysteria', 'socks', 'http', 'dokodemo-door']);

/** A config's inbounds: allowed protocols only (vmess is refused, 500 A112), tags unique across every profile (§9). */
function checkConfig(state: RemnawaveState, config: unknown, self: EmuProfile | undefined, failCode: string): Record<string, unknown> {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return invalid([{ path: ['config'], message: 'Invalid input: expected object', code: 'invalid_type' }]);
  const inbounds = ((config as Record<string, unknown>).inbounds ?? []) as Array<Record<string, unknown>>;
  const tags = new Set<string>();
  for (const i of inbounds) {
    const tag = String(i.tag ?? '');
    if (!tag || tags.has(tag) || !PROTOCOLS.has(String(i.protocol))) coded(500, failCode, 'Create config profile error');
    tags.add(tag);
    for (const p of state.profiles.values()) if (p !== self && p.inbounds.some((x) => x.tag === tag)) coded(409, 'A113', 'Config profile inbound tag already exists');
  }
  return config as Record<string, unknown>;
}

/**
 * Config profiles (§9), which panelops only reads; the emulator lets tests change them like
 * an admin would: a renamed tag is a new inbound uuid, and the old one's squad links, node
 * links and host pointers go with it.
 */
export function profileRoutes(router: Router, { state, guarded }: RouteContext): void {
  const find = (uuid: string) => state.profiles.get(uuid) ?? coded(404, 'A111', 'Config profile not found');
  router.get('/api/config-profiles', guarded('config-profiles', 'list', 'read', () => {
    const list = [...state.profiles.values()];
    return ok(200, { total: list.length, configProfiles: list.map(profileView) });
  }));
  router.get('/api/config-profiles/inbounds', guarded('config-profiles', 'inbounds', 'read', () => {
    const all = [...state.profiles.values()].flatMap((p) => p.inbounds);
    return ok(200, { total: all.length, inbounds: all.map(inboundView) });
  }));
  router.get('/api/config-profiles/:uuid', guarded('config-profiles', 'get', 'read', (req) => ok(200, profileView(find(req.params.uuid ?? '')))));
  router.post('/api/config-profiles', guarded('config-profiles', 'create', 'write', (req) => {
    const body = objectBody(req);
    if (typeof body.name !== 'string' || body.name.length < 2) invalid([{ path: ['name'], message: 'Invalid name', code: 'too_small' }]);
    return ok(201, profileView(state.addProfile(body.name as string, checkConfig(state, body.config, undefined, 'A112'))));
  }));
  router.patch('/api/config-profiles', guarded('config-profiles', 'update', 'write', (req) => {
    const body = objectBody(req);
    const profile = find(String(body.uuid ?? ''));
    if (typeof body.name === 'string') profile.name = body.name;
    if (body.config !== undefined) {
      profile.config = checkConfig(state, body.config, profile, 'A114');
      const next = state.deriveInbounds(profile);
      const kept = new Set(next.map((i) => i.uuid));
      state.dropInbounds(new Set(profile.inbounds.filter((i) => !kept.has(i.uuid)).map((i) => i.uuid)));
      profile.inbounds = next;
    }
    profile.updatedAt = state.now();
    return ok(200, profileView(profile));
  }));
  router.delete('/api/config-profiles/:uuid', guarded('config-profiles', 'delete', 'write', (req) => {
    const profile = find(req.params.uuid ?? '');
    state.dropInbounds(new Set(profile.inbounds.map((i) => i.uuid)));
    state.profiles.delete(profile.uuid);
    for (const h of state.hosts.values()) if (h.profileUuid === profile.uuid) h.profileUuid = null;
    for (const n of state.nodes.values()) {
      if (n.profileUuid !== profile.uuid) continue;
      n.profileUuid = null;
      n.isDisabled = true;
    }
    return empty(204);
  }));
}
