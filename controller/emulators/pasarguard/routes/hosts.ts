import { empty, json, type EmuRequest, type Router } from '../../kit/router.ts';
import { fail, invalid, route } from '../../marzban/http-errors.ts';
import { allowed } from '../auth.ts';
import type { PasarGuardState } from '../state.ts';
import type { EmuHost } from '../types.ts';
import { idParam, type RouteContext } from './context.ts';

const SETS = ['address', 'sni', 'host', 'verify_peer_cert_by_name'];
const ALPN_ORDER = ['h3', 'h2', 'http/1.1'];

/** Every field of a host with its default, in the panel's order (§9): a PUT starts again from these. */
const DEFAULTS = (): Omit<EmuHost, 'id' | 'remark' | 'priority'> => ({
  address: [], inbound_tag: null, port: null, sni: [], host: [], path: null, security: 'inbound_default', alpn: [], fingerprint: '',
  allowinsecure: null, is_disabled: false, http_headers: null, transport_settings: null, mux_settings: null, fragment_settings: null,
  noise_settings: null, random_user_agent: false, use_sni_as_host: false, vless_route: null, status: [], ech_config_list: null,
  ech_query_strategy: null, pinned_peer_cert_sha256: null, verify_peer_cert_by_name: [], wireguard_overrides: null, subscription_templates: null,
  final_mask_settings: null,
});

/** The panel's key order (observed). */
const KEY_ORDER = [
  'id', 'remark', 'address', 'inbound_tag', 'port', 'sni', 'host', 'path', 'security', 'alpn', 'fingerprint', 'allowinsecure', 'is_disabled', 'http_headers',
  'transport_settings', 'mux_settings', 'fragment_settings', 'noise_settings', 'random_user_agent', 'use_sni_as_host', 'vless_route', 'priority', 'status',
  'ech_config_list', 'ech_query_strategy', 'pinned_peer_cert_sha256', 'verify_peer_cert_by_name', 'wireguard_overrides', 'subscription_templates', 'final_mask_settings',
];

/**
 * A host from a body: omitted fields take their defaults (a PUT is a full replacement), sets
 * lose their order (the emulator reverses them, as a set would), alpn is re-sorted.
 */
function hostFrom(state: PasarGuardState, id: number, body: Record<string, unknown>, checkTag: boolean): EmuHost {
  if (typeof body.remark !== 'string') invalid('remark', 'Field required');
  if (!Number.isInteger(body.priority)) invalid('priority', 'Field required');
  const tag = body.inbound_tag;
  if (checkTag && typeof tag === 'string' && !state.inbounds.includes(tag)) fail(400, `${tag} not found`);
  const host: Record<string, unknown> = { id, remark: body.remark, ...DEFAULTS() };
  for (const key of Object.keys(host)) if (key !== 'id' && body[key] !== undefined && body[key] !== null) host[key] = body[key];
  for (const key of SETS) host[key] = [...new Set((host[key] ?? []) as string[])].reverse();
  // An explicit empty alpn is stored as null (observed); an omitted one is the default [].
  host.alpn = Array.isArray(body.alpn) && body.alpn.length === 0 ? null : ((host.alpn ?? []) as string[]).filter((a) => ALPN_ORDER.includes(a)).sort((a, b) => ALPN_ORDER.indexOf(a) - ALPN_ORDER.indexOf(b));
  host.priority = body.priority;
  return Object.fromEntries(KEY_ORDER.map((k) => [k, host[k]])) as EmuHost;
}

export function hostRoutes(router: Router, { state, auth }: RouteContext): void {
  const find = (req: EmuRequest, action: string) => {
    allowed(auth.caller(req), 'hosts', action);
    return state.hosts.get(idParam(req, 'id')) ?? fail(404, 'Host not found');
  };
  const body = (req: EmuRequest): Record<string, unknown> => {
    const value = req.json();
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('body', 'Input should be a valid dictionary');
    return value as Record<string, unknown>;
  };
  router.get('/api/hosts', route((req) => {
    allowed(auth.caller(req), 'hosts', 'read');
    return json(200, [...state.hosts.values()]);
  }));
  router.post('/api/host/', route((req) => {
    allowed(auth.caller(req), 'hosts', 'create');
    const host = hostFrom(state, state.nextId('host'), body(req), true);
    state.hosts.set(host.id, host);
    return json(201, host);
  }));
  router.get('/api/host/:id(\\d+)', route((req) => json(200, find(req, 'read'))));
  router.put('/api/host/:id(\\d+)', route((req) => {
    const old = find(req, 'update');
    const host = hostFrom(state, old.id, body(req), true);
    state.hosts.set(host.id, host);
    return json(200, host);
  }));
  // An upsert list: known ids replaced, others created; nothing deleted and no tag check (§9).
  router.put('/api/hosts', route((req) => {
    allowed(auth.caller(req), 'hosts', 'update');
    const list = req.json();
    if (!Array.isArray(list)) return invalid('body', 'Input should be a valid list');
    for (const item of list as Record<string, unknown>[]) {
      const id = typeof item.id === 'number' && state.hosts.has(item.id) ? item.id : state.nextId('host');
      state.hosts.set(id, hostFrom(state, id, item, false));
    }
    return json(200, [...state.hosts.values()]);
  }));
  router.delete('/api/host/:id(\\d+)', route((req) => {
    state.hosts.delete(find(req, 'update').id);
    return empty(204);
  }));
}
