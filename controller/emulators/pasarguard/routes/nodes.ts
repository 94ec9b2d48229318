import { empty, json, type EmuRequest, type Router } from '../../kit/router.ts';
import { fail, invalid, route } from '../../marzban/http-errors.ts';
import { allowed } from '../auth.ts';
import type { EmuNode } from '../types.ts';
import { nodeResponse } from '../views.ts';
import { idParam, objectBody, type RouteContext } from './context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkSecrets(body: Record<string, unknown>, creating: boolean): void {
  const ca = body.server_ca;
  if (ca !== undefined && ca !== null) {
    if (typeof ca !== 'string' || !ca.includes('-----BEGIN CERTIFICATE-----') || ca.length > 2048 || ca.includes('PRIVATE KEY')) invalid('server_ca', 'Value error, Invalid certificate format');
  } else if (creating) invalid('server_ca', 'Field required');
  const key = body.api_key;
  if (key !== undefined && key !== null) {
    if (typeof key !== 'string' || !UUID.test(key)) invalid('api_key', 'Input should be a valid UUID');
  } else if (creating) invalid('api_key', 'Field required');
}

/**
 * Nodes (§10): required CA, key and core config; case-sensitive unique names; `api_port` is
 * not nullable on PUT, so leaving it out resets it to 62051; a disabled node stays disabled
 * unless the PUT names another status; anything else reconnects (`connecting`, then the tick).
 */
export function nodeRoutes(router: Router, { state, auth }: RouteContext): void {
  const find = (req: EmuRequest, action: string) => {
    allowed(auth.caller(req), 'nodes', action);
    return state.nodes.get(idParam(req, 'id')) ?? fail(404, 'Node not found');
  };
  const nameTaken = (name: string, except?: number) => [...state.nodes.values()].some((n) => n.name === name && n.id !== except);
  router.get('/api/nodes', route((req) => {
    allowed(auth.caller(req), 'nodes', 'read');
    const nodes = [...state.nodes.values()].map(nodeResponse);
    return json(200, { nodes, total: nodes.length });
  }));
  router.post('/api/node', route((req) => {
    allowed(auth.caller(req), 'nodes', 'create');
    const b = objectBody(req);
    for (const f of ['name', 'address', 'connection_type', 'keep_alive', 'core_config_id']) if (b[f] === undefined || b[f] === null) invalid(f, 'Field required');
    checkSecrets(b, true);
    if (b.core_config_id !== 1) fail(404, 'Core config not found');
    if (nameTaken(String(b.name))) fail(409, `Node "${String(b.name)}" already exists`);
    const node = state.addNode({
      name: String(b.name), address: String(b.address), port: (b.port as number | undefined) ?? 62050, api_port: (b.api_port as number | undefined) ?? 62051,
      usage_coefficient: (b.usage_coefficient as number | undefined) ?? 1, connection_type: b.connection_type as EmuNode['connection_type'],
      server_ca: String(b.server_ca), keep_alive: b.keep_alive as number, core_config_id: 1, api_key: String(b.api_key),
      data_limit: (b.data_limit as number | undefined) ?? 0, data_limit_reset_strategy: (b.data_limit_reset_strategy as string | undefined) ?? 'no_reset',
      reset_time: -1, default_timeout: 10, internal_timeout: 15, proxy_url: null, status: 'connecting', message: null,
    });
    return json(201, nodeResponse(node));
  }));
  router.put('/api/node/:id(\\d+)', route((req) => {
    const node = find(req, 'update');
    const b = objectBody(req);
    checkSecrets(b, false);
    if (typeof b.name === 'string' && nameTaken(b.name, node.id)) fail(409, `Node "${b.name}" already exists`);
    const fields = ['name', 'address', 'port', 'usage_coefficient', 'connection_type', 'server_ca', 'keep_alive', 'api_key', 'data_limit', 'data_limit_reset_strategy', 'reset_time', 'default_timeout', 'internal_timeout'] as const;
    for (const f of fields) if (b[f] !== undefined && b[f] !== null) (node as unknown as Record<string, unknown>)[f] = b[f];
    if ('proxy_url' in b) node.proxy_url = (b.proxy_url as string | null) ?? null;
    node.api_port = (b.api_port as number | undefined) ?? 62051;
    const status = b.status as EmuNode['status'] | undefined;
    if (status === 'disabled') node.status = 'disabled';
    else if (node.status !== 'disabled' || (status !== undefined && status !== null)) node.status = 'connecting';
    node.message = null;
    return json(200, nodeResponse(node));
  }));
  router.delete('/api/node/:id(\\d+)', route((req) => {
    state.nodes.delete(find(req, 'delete').id);
    return empty(204);
  }));
}
