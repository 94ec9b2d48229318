import type { FieldChange, Spec } from '../../types.ts';
import type { ReadClient, WriteClient } from '../wire.ts';
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
 * A read record turned into the write shape, field by field (never sent back as it is:
 * its `id` is the row id, §4.1). Credentials and subId are left empty, which update
 * keeps as stored (§7.1).
 */
export function writeFromRead(c: ReadClient): WriteClient {
  return {
    email: c.email,
    flow: c.flow ?? '',
    security: c.security ?? '',
    limitIp: c.limitIp ?? 0,
    limitHwid: c.limitHwid ?? 0,
    totalGB: c.totalGB ?? 0,
    expiryTime: c.expiryTime ?? 0,
    enable: c.enable,
    tgId: c.tgId ?? 0,
    group: c.group ?? '',
    comment: c.comment ?? '',
    reset: c.reset ?? 0,
    resetDay: c.resetDay ?? 0,
    resetMax: c.resetMax ?? 0,
    trafficReset: c.trafficReset ?? 'never',
    trafficResetDay: c.trafficResetDay ?? 1,
    reverse: c.reverse ?? null,
  };
}

/**
 * update/{email} replaces the whole row (§7.1): the body is the live client with only the
 * changed fields replaced, so nothing the manifest does not set is reset.
 */
export function updateBody(live: ReadClient, spec: Spec, changes: readonly FieldChange[], secrets: Record<string, string>): WriteClient {
  const body = writeFromRead(live) as unknown as Record<string, unknown>;
  for (const change of changes) {
    const field = change.path.split('.')[0] ?? change.path;
    const wire = WIRE[field];
    if (wire) body[wire] = wireValue(field, spec[field]);
  }
  // A pinned credential is sent only when the manifest changed it: a deliberate rotation.
  if (changes.some((c) => c.path === 'uuid') && secrets.uuid) body.id = secrets.uuid;
  if (changes.some((c) => c.path === 'password') && secrets.password) body.password = secrets.password;
  return body as unknown as WriteClient;
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
