import { json, type Router } from '../../kit/router.ts';
import { body, guarded, invalid, message, userOf, type UaContext } from './context.ts';

const linkView = (s: { id: number; network: string; profile_url: string }) => ({ id: s.id, network: s.network, profile_url: s.profile_url });

/** Block / unblock (§5.7), social links (§5.9) and devices (§5.10), as the seed documents them. */
export function blockRoutes(router: Router, ctx: UaContext): void {
  const { state } = ctx;
  router.post('/api/users/:id(\\d+)/block', guarded(ctx, (req) => {
    const u = userOf(ctx, req);
    if (!u) return message(404, 'User not found');
    const b = body(req) ?? {};
    const reason = b.reason === undefined ? 'No reason provided' : b.reason;
    if (typeof reason !== 'string' || reason.length > 1000) return invalid('reason must be at most 1000 characters');
    let until: number | null = null;
    if (b.until !== undefined && b.until !== null) {
      until = Date.parse(String(b.until));
      if (!Number.isFinite(until) || until <= state.clock.now()) return invalid('until must be an ISO-8601 date in the future');
    }
    u.block = { reason, until };
    u.updatedAt = state.clock.now();
    return json(200, { message: 'User blocked successfully' });
  }));
  router.post('/api/users/:id(\\d+)/unblock', guarded(ctx, (req) => {
    const u = userOf(ctx, req);
    if (!u) return message(404, 'User not found');
    u.block = null;
    return json(200, { message: 'User unblocked successfully' });
  }));

  router.get('/api/users/:id(\\d+)/social-networks', guarded(ctx, (req) => {
    const u = userOf(ctx, req);
    return u ? json(200, { social_networks: u.social.map(linkView) }) : message(404, 'User not found');
  }));
  router.post('/api/users/:id(\\d+)/social-networks', guarded(ctx, (req) => {
    const u = userOf(ctx, req);
    if (!u) return message(404, 'User not found');
    const b = body(req);
    if (!b || typeof b.network_id !== 'number' || typeof b.profile_url !== 'string') return invalid('network_id and profile_url are required');
    const network = ['vk', 'telegram', 'discord', 'steam'][b.network_id - 1] ?? `network-${b.network_id}`;
    if (u.social.some((s) => s.network === network)) return invalid('User already has this social network connected');
    const link = { id: state.linkId(), networkId: b.network_id, network, profile_url: b.profile_url, linkedAt: state.clock.now() };
    u.social.push(link);
    return json(201, { message: 'Social network added successfully', social_network: linkView(link) });
  }));
  router.delete('/api/users/:userId(\\d+)/social-networks/:networkId(\\d+)', guarded(ctx, (req) => {
    const u = userOf(ctx, req, 'userId');
    const i = u?.social.findIndex((s) => s.id === Number(req.params.networkId)) ?? -1;
    if (!u || i < 0) return message(404, 'User or network link not found');
    u.social.splice(i, 1);
    return json(200, { message: 'Social network removed successfully' });
  }));
  router.get('/api/users/:id(\\d+)/devices', guarded(ctx, (req) => {
    const u = userOf(ctx, req);
    return u ? json(200, { devices: u.devices.map((d) => ({ id: d.id, name: d.name, last_active: d.last_active, user_agent: d.user_agent })) }) : message(404, 'User not found');
  }));
  router.delete('/api/users/:userId(\\d+)/devices/:deviceId(\\d+)', guarded(ctx, (req) => {
    const u = userOf(ctx, req, 'userId');
    const i = u?.devices.findIndex((d) => d.id === Number(req.params.deviceId)) ?? -1;
    if (!u || i < 0) return message(404, 'User or device not found');
    u.devices.splice(i, 1);
    return json(200, { message: 'Device removed successfully' });
  }));
}
