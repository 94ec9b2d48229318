import { BadRequestBody, json, type EmuRequest, type Router } from '../../kit/router.ts';
import { nodeHost } from '../hosts-logic.ts';
import { fail, invalid, requiredText, route } from '../http-errors.ts';
import type { EmuNode } from '../types.ts';
import { nodeResponse } from '../views.ts';
import type { RouteContext } from './context.ts';

const body = (req: EmuRequest): Record<string, unknown> => {
  const v = req.json();
  if (typeof v !== 'object' || v === null) throw new BadRequestBody('not an object');
  return v as Record<string, unknown>;
};

/** Nodes (§8): created connecting, usage_coefficient ignored on create, PUT without "disabled" reconnects. */
export function nodeRoutes(router: Router, { state, auth }: RouteContext): void {
  const find = (req: EmuRequest): EmuNode => state.nodes.get(Number(req.params.id)) ?? fail(404, 'Node not found');
  const clash = (name: string, except?: number) => [...state.nodes.values()].some((n) => state.fold(n.name) === state.fold(name) && n.id !== except);

  router.get('/api/nodes', route((req) => {
    auth.sudoCaller(req);
    return json(200, [...state.nodes.values()].map(nodeResponse));
  }));
  // Master first, then every node; nothing here carries traffic (§8, §16.8).
  router.get('/api/nodes/usage', route((req) => {
    auth.sudoCaller(req);
    const usage = (node_id: number | null, node_name: string) => ({ node_id, node_name, uplink: 0, downlink: 0 });
    return json(200, { usages: [usage(null, 'Master'), ...[...state.nodes.values()].map((n) => usage(n.id, n.name))] });
  }));
  router.get('/api/node/:id(\\d+)', route((req) => {
    // 404 before auth from 0.7.0 (§2, checked live on 0.7.0 and 0.8.4); auth first on 0.4.2 (§13).
    if (state.version === '0.4.2') auth.sudoCaller(req);
    const node = find(req);
    auth.sudoCaller(req);
    return json(200, nodeResponse(node));
  }));
  router.post('/api/node', route((req) => {
    auth.sudoCaller(req);
    const b = body(req);
    if (typeof b.name !== 'string') invalid('name', requiredText(state.version));
    if (typeof b.address !== 'string') invalid('address', requiredText(state.version));
    const name = String(b.name);
    if (clash(name)) fail(409, `Node "${name}" already exists`);
    const node = state.addNode({
      name,
      address: String(b.address),
      port: typeof b.port === 'number' ? b.port : 62050,
      api_port: typeof b.api_port === 'number' ? b.api_port : 62051,
      usage_coefficient: 1,
      status: 'connecting',
      xray_version: null,
      message: null,
    });
    // add_as_new_host defaults to true and appends a host to every inbound.
    if (b.add_as_new_host !== false) for (const list of state.hosts.values()) list.push(nodeHost(node.name, node.address));
    return json(200, nodeResponse(node));
  }));
  router.put('/api/node/:id(\\d+)', route((req) => {
    auth.sudoCaller(req);
    const node = find(req);
    const b = body(req);
    if (typeof b.name === 'string' && clash(b.name, node.id)) return { status: 500, text: 'Internal Server Error' };
    if (typeof b.name === 'string') node.name = b.name;
    if (typeof b.address === 'string') node.address = b.address;
    if (typeof b.port === 'number') node.port = b.port;
    if (typeof b.api_port === 'number') node.api_port = b.api_port;
    if (typeof b.usage_coefficient === 'number' && b.usage_coefficient) node.usage_coefficient = b.usage_coefficient;
    if (b.status === 'disabled') Object.assign(node, { status: 'disabled', xray_version: null, message: null });
    else node.status = 'connecting';
    return json(200, nodeResponse(node));
  }));
  // 0.4.2 answers {}; a disabled node is reconnected all the same, and fails (§11, §13).
  router.post('/api/node/:id(\\d+)/reconnect', route((req) => {
    auth.sudoCaller(req);
    const node = find(req);
    node.status = node.status === 'disabled' ? 'error' : 'connecting';
    return json(200, state.version === '0.4.2' ? {} : { detail: 'Reconnection task scheduled' });
  }));
  router.delete('/api/node/:id(\\d+)', route((req) => {
    auth.sudoCaller(req);
    state.nodes.delete(find(req).id);
    return json(200, {});
  }));
}
