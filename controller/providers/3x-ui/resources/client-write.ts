import type { FieldChange, Spec } from '../../types.ts';
import type { ClientDetail, ReadClient, WriteClient } from '../wire.ts';
import { expiryToWire } from './client-spec.ts';

/** The wire field of each managed spec field. */
const WIRE: Record<string, keyof WriteClient> = {
  totalGB: 'totalGB',
  expiry: 'expiryTime',
  limitIp: 'limitIp',
  enable: 'enable',
  tgId: 'tgId',
  subId: 'subId',
  comment: 'comment',
  flow: 'flow',
  reset: 'reset',
  group: 'group',
};

const wireValue = (field: string, value: unknown): unknown => (field === 'expiry' ? expiryToWire(value) : value);

/**
 * Read-shape fields never sent back: the row id, server-set times, links and counters, and
 * WireGuard's allowedIPs (a CSV string in the read shape; the panel carries it forward, §11).
 * The UUID goes back under the write shape's `id`.
 */
const NOT_SENT: ReadonlySet<string> = new Set(['id', 'uuid', 'createdAt', 'updatedAt', 'inboundIds', 'traffic', 'allowedIPs', 'externalLinks', 'usedTraffic']);

/**
 * A read record turned into the write shape (never sent back as it is: its `id` is the
 * row id, §4.1). Every other field the read returned is carried, because update writes
 * each field from the body and resets what is left out (§7.1, §11: an MTProto adTag; §12.18:
 * fields of releases newer than panelops). The stored credentials and subId go back as read:
 * v3.1.0-v3.3.0 mint new ones for every credential sent empty, v3.3.1-v3.4 for the MTProto
 * secret (§12.1), and later releases ignore a value that did not change.
 */
export function writeFromRead(c: ReadClient): WriteClient {
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(c)) if (!NOT_SENT.has(field) && value !== undefined) body[field] = value;
  return {
    ...body,
    ...(c.uuid ? { id: c.uuid } : {}),
    email: c.email,
    flow: c.flow ?? '',
    limitIp: c.limitIp ?? 0,
    totalGB: c.totalGB ?? 0,
    expiryTime: c.expiryTime ?? 0,
    enable: c.enable,
    tgId: c.tgId ?? 0,
    group: c.group ?? '',
    comment: c.comment ?? '',
    reset: c.reset ?? 0,
  };
}

/**
 * Over quota as the panel judges it (§7.8), for a row about to be written. Only the quota:
 * it needs no clock, and the panel's clock is not the controller's.
 */
const overQuota = (body: WriteClient, used: number): boolean => body.totalGB > 0 && used >= body.totalGB;

/**
 * update/{email} replaces the whole row (§7.1): the body is the live client, read just
 * before, with only the changed fields replaced, so nothing the manifest does not set is
 * reset. What the panel owns is judged on that fresh read, not on the plan's (issue 17
 * point 8): a delayed start that began since the plan keeps its deadline, and a row that
 * would be over its quota is not sent enabled (the panel disables such a client by itself).
 */
export function updateBody(live: ClientDetail, spec: Spec, changes: readonly FieldChange[], secrets: Record<string, string>, used: number): WriteClient {
  const body = writeFromRead(live.client) as unknown as Record<string, unknown>;
  const startedSincePlan = (live.client.expiryTime ?? 0) > 0 && changes.some((c) => c.path.startsWith('expiry.afterFirstUse'));
  for (const change of changes) {
    const field = change.path.split('.')[0] ?? change.path;
    const wire = WIRE[field];
    if (!wire || (field === 'expiry' && startedSincePlan)) continue;
    body[wire] = wireValue(field, spec[field]);
  }
  const write = body as unknown as WriteClient;
  if (write.enable && overQuota(write, used)) write.enable = false;
  // A pinned credential is sent only when the manifest changed it: a deliberate rotation.
  if (changes.some((c) => c.path === 'uuid') && secrets.uuid) write.id = secrets.uuid;
  if (changes.some((c) => c.path === 'password') && secrets.password) write.password = secrets.password;
  return write;
}

/** The client of add / bulkCreate. `enable` is forced true by the panel; disabling is a second step (§7.3). */
export function createBody(email: string, spec: Spec, secrets: Record<string, string>): WriteClient {
  return {
    email,
    flow: (spec.flow as string | undefined) ?? '',
    limitIp: (spec.limitIp as number | undefined) ?? 0,
    totalGB: (spec.totalGB as number | undefined) ?? 0,
    expiryTime: expiryToWire(spec.expiry),
    enable: true,
    tgId: (spec.tgId as number | undefined) ?? 0,
    group: (spec.group as string | undefined) ?? '',
    comment: (spec.comment as string | undefined) ?? '',
    reset: (spec.reset as number | undefined) ?? 0,
    ...(spec.subId !== undefined ? { subId: spec.subId as string } : {}),
    ...(secrets.uuid ? { id: secrets.uuid } : {}),
    ...(secrets.password ? { password: secrets.password } : {}),
  };
}
