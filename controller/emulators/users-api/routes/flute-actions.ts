import { json, type EmuRequest, type Reply, type Router } from '../../kit/router.ts';
import { fluteDetail, fluteSocial } from '../flute-views.ts';
import { body, guardedRoute, invalid, message, userOf, type UaContext } from './context.ts';

const NETWORKS = ['vk', 'telegram', 'discord', 'steam'];

/** Blocks, roles, social links, devices and the module's own routes on Flute (users-api.md §4, §7). */
export function fluteActionRoutes(router: Router, ctx: UaContext, tz: number): void {
  const { state } = ctx;
  const route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', pattern: string, handler: (req: EmuRequest) => Reply, permission?: string) =>
    guardedRoute(router, ctx, method, pattern, handler, permission);
  const withUser = (param: string, then: (u: NonNullable<ReturnType<typeof userOf>>, req: EmuRequest) => Reply) => (req: EmuRequest) => {
    const u = userOf(ctx, req, param);
    return u ? then(u, req) : message(404, 'User not found');
  };

  route('GET', '/api/status', () => json(200, { message: 'Welcome to Flute CMS API', flute_version: '1.0.0', api_version: '1.0.2' }));

  // Every block fails: the block is saved without its `user` and `blockedBy` relations, and
  // its validation throws outside the try block; nothing is stored (§7).
  route('POST', '/api/users/:id(\\d+)/block', withUser('id', () => json(500, { message: 'Server Error' })));

  // Deactivates every block; 200 whether or not the user was blocked.
  route('POST', '/api/users/:id(\\d+)/unblock', withUser('id', (u) => {
    u.block = null;
    return json(200, { message: 'User unblocked successfully' });
  }));

  // A missing role_ids means [] and clears every role; an unknown id changes nothing (§4).
  route('PUT', '/api/users/:id(\\d+)/roles', withUser('id', (u, req) => {
    const ids = (body(req) ?? {}).role_ids ?? [];
    if (!Array.isArray(ids)) return json(500, { message: 'Server Error' });
    const unknown = ids.find((id) => !state.roles.some((r) => r.id === Number(id)));
    if (unknown !== undefined) return invalid(`Role with ID ${String(unknown)} not found`);
    u.roleIds = [...new Set(ids.map(Number))];
    u.updatedAt = state.clock.now();
    return json(200, { message: 'User roles updated successfully', user: fluteDetail(state, u, tz) });
  }));

  // The module's role list: the only place role ids and names meet. Needs admin.roles.
  route('GET', '/api/roles', () => json(200, { roles: state.roles.map((r, i) => ({ id: r.id, name: r.name, color: '#a0a0a0', priority: state.roles.length - i })) }), 'admin.roles');

  route('GET', '/api/users/:id(\\d+)/social-networks', withUser('id', (u) => json(200, { social_networks: fluteSocial(u, tz) })));
  route('POST', '/api/users/:id(\\d+)/social-networks', withUser('id', (u, req) => {
    const b = body(req) ?? {};
    const typeId = b.social_network_id;
    if (typeof typeId !== 'number' || typeId < 1 || typeof b.value !== 'string') return invalid('Invalid social network data: social_network_id and value are required');
    const network = NETWORKS[typeId - 1];
    if (!network) return invalid(`Social network with ID ${typeId} not found`);
    if (u.social.some((s) => s.networkId === typeId)) return invalid('User already has this social network connected');
    const url = typeof b.url === 'string' ? b.url : null;
    const link = { id: state.linkId(), networkId: typeId, network, profile_url: url ?? b.value, linkedAt: state.clock.now() };
    u.social.push(link);
    return json(201, { message: 'Social network added successfully', social_network: { id: link.id, network, profile_url: url } });
  }));
  route('DELETE', '/api/users/:userId(\\d+)/social-networks/:networkId(\\d+)', withUser('userId', (u, req) => {
    const i = u.social.findIndex((s) => s.id === Number(req.params.networkId));
    if (i < 0) return invalid(`Social network with ID ${req.params.networkId} not found for this user`);
    u.social.splice(i, 1);
    return json(200, { message: 'Social network removed successfully' });
  }));
  route('GET', '/api/users/:id(\\d+)/devices', withUser('id', (u) => json(200, { devices: u.devices.map((d) => ({ id: d.id, ip: d.ip, device_details: d.user_agent })) })));
  route('DELETE', '/api/users/:userId(\\d+)/devices/:deviceId(\\d+)', withUser('userId', (u, req) => {
    const i = u.devices.findIndex((d) => d.id === Number(req.params.deviceId));
    if (i < 0) return invalid(`Device with ID ${req.params.deviceId} not found for this user`);
    u.devices.splice(i, 1);
    return json(200, { message: 'Device removed successfully' });
  }));
}
