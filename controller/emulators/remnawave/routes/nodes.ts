import { empty, type Router } from '../../kit/router.ts';
import { coded, invalid, ok } from '../errors.ts';
import type { RemnawaveState } from '../state.ts';
import type { EmuNode } from '../types.ts';
import { nodeView } from '../views.ts';
import { objectBody, type RouteContext } from './context.ts';

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The profile and inbounds a body names: the profile must exist (A111), every inbound must be in it (A124). */
function profileOf(state: RemnawaveState, value: unknown): { profileUuid: string; inbounds: string[] } {
  const p = (value ?? {}) as { activeConfigProfileUuid?: unknown; activeInbounds?: unknown };
  const profile = state.profiles.get(String(p.activeConfigProfileUuid)) ?? coded(404, 'A111', 'Config profile not found');
  const inbounds = Array.isArray(p.activeInbounds) ? (p.activeInbounds as string[]) : [];
  if (!inbounds.every((u) => profile.inbounds.some((i) => i.uuid === u))) coded(404, 'A124', 'Config profile inbound not found in specified profile');
  return { profileUuid: profile.uuid, inbounds: [...inbounds] };
}

function assign(n: EmuNode, body: Record<string, unknown>): void {
  if (typeof body.address === 'string') n.address = body.address.trim();
  if (body.port !== undefined) n.port = body.port as number | null;
  if (typeof body.countryCode === 'string') n.countryCode = body.countryCode.toUpperCase();
  if (typeof body.consumptionMultiplier === 'number') n.consumptionMultiplier = round1(body.consumptionMultiplier);
  if (typeof body.isTrafficTrackingActive === 'boolean') n.isTrafficTrackingActive = body.isTrafficTrackingActive;
  if (body.trafficLimitBytes !== undefined) n.trafficLimitBytes = body.trafficLimitBytes as number | null;
  if (typeof body.trafficResetDay === 'number') n.trafficResetDay = body.trafficResetDay;
  if (typeof body.notifyPercent === 'number') n.notifyPercent = body.notifyPercent;
  if (Array.isArray(body.tags)) n.tags = body.tags as string[];
  if (body.note !== undefined) n.note = body.note as string | null;
}

/** Nodes (§10): unique name and address, a create failing A124 leaves its row behind, PATCH keeps isDisabled. */
export function nodeRoutes(router: Router, { state, guarded }: RouteContext): void {
  const find = (uuid: string) => state.nodes.get(uuid) ?? coded(404, 'A011', 'Node not found');
  const clash = (self: EmuNode | undefined, name: unknown, address: unknown) => {
    for (const n of state.nodes.values()) {
      if (n === self) continue;
      if (name !== undefined && n.name === name) coded(400, 'A033', 'Node name already exists');
      if (typeof address === 'string' && n.address === address.trim()) coded(400, 'A034', 'Node address already exists');
    }
  };
  router.get('/api/nodes', guarded('nodes', 'list', 'read', () => ok(200, [...state.nodes.values()].map((n) => nodeView(state, n)))));
  router.get('/api/nodes/:uuid', guarded('nodes', 'get', 'read', (req) => ok(200, nodeView(state, find(req.params.uuid ?? '')))));
  router.post('/api/nodes', guarded('nodes', 'create', 'write', (req) => {
    const body = objectBody(req);
    if (typeof body.name !== 'string' || body.name.length < 3 || body.name.length > 30) invalid([{ path: ['name'], message: 'Name must be 3-30 characters', code: 'too_small' }]);
    if (typeof body.address !== 'string' || body.address.trim().length < 2) invalid([{ path: ['address'], message: 'Address is required', code: 'too_small' }]);
    if (!body.configProfile) invalid([{ path: ['configProfile'], message: 'Invalid input: expected object, received undefined', code: 'invalid_type' }]);
    clash(undefined, body.name, body.address);
    const now = state.now();
    const node: EmuNode = {
      uuid: state.uuid(), name: body.name as string, address: '', port: null, isDisabled: false, countryCode: 'XX', consumptionMultiplier: 1,
      isTrafficTrackingActive: false, trafficLimitBytes: 0, trafficResetDay: 1, notifyPercent: 0, tags: [], note: null, profileUuid: null, inbounds: [], createdAt: now, updatedAt: now,
    };
    assign(node, body);
    // The row is written before the inbounds are checked (§10): an A124 leaves it behind.
    state.nodes.set(node.uuid, node);
    const profile = profileOf(state, body.configProfile);
    node.profileUuid = profile.profileUuid;
    node.inbounds = profile.inbounds;
    return ok(201, nodeView(state, node));
  }));
  router.patch('/api/nodes', guarded('nodes', 'update', 'write', (req) => {
    const body = objectBody(req);
    const node = find(String(body.uuid ?? ''));
    clash(node, body.name, body.address);
    const profile = body.configProfile !== undefined ? profileOf(state, body.configProfile) : undefined;
    if (typeof body.name === 'string') node.name = body.name;
    assign(node, body);
    if (profile) {
      node.profileUuid = profile.profileUuid;
      node.inbounds = profile.inbounds;
    }
    node.updatedAt = state.now();
    return ok(200, nodeView(state, node));
  }));
  router.post('/api/nodes/:uuid/actions/:action(enable|disable)', guarded('nodes', 'actions', 'write', (req) => {
    const node = find(req.params.uuid ?? '');
    // Enabling a node with no profile or no inbounds answers 200 and leaves it disabled (§10).
    node.isDisabled = req.params.action === 'disable' || node.profileUuid === null || node.inbounds.length === 0;
    return ok(200, nodeView(state, node));
  }));
  router.delete('/api/nodes/:uuid', guarded('nodes', 'delete', 'write', (req) => {
    const node = find(req.params.uuid ?? '');
    state.nodes.delete(node.uuid);
    for (const h of state.hosts.values()) h.nodes = h.nodes.filter((n) => n !== node.uuid);
    return empty(204);
  }));
}
