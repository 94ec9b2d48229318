import type { FieldChange, Spec } from '../../types.ts';
import { NEVER_EXPIRES } from '../constants.ts';
import { CREDENTIAL_FIELDS, STRATEGIES } from './user-spec.ts';

export const expireAtOf = (instant: unknown): string => (instant === 'never' || instant === undefined ? NEVER_EXPIRES : String(instant));

/** Manifest fields → PATCH / POST fields, for the fields given (the rest is left as the panel has it, §4.3). */
function fields(spec: Spec, only: ReadonlySet<string> | undefined): Record<string, unknown> {
  const want = (f: string) => spec[f] !== undefined && (!only || only.has(f));
  const body: Record<string, unknown> = {};
  if (want('dataLimit')) body.trafficLimitBytes = spec.dataLimit;
  if (want('dataLimitResetStrategy')) body.trafficLimitStrategy = STRATEGIES[spec.dataLimitResetStrategy as string];
  if (want('expire')) body.expireAt = expireAtOf(spec.expire);
  if (want('note')) body.description = spec.note === '' ? null : spec.note;
  for (const f of ['tag', 'email', 'telegramId', 'hwidDeviceLimit']) if (want(f)) body[f] = spec[f];
  return body;
}

/**
 * POST /api/users. The pinned credentials go here and only here (§4.6); the status is always
 * created ACTIVE or DISABLED. `expireAt` is required by the panel: an unset expiry is "never".
 */
export function createBody(username: string, spec: Spec, secrets: Readonly<Record<string, string>>, squadUuids: string[] | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { username, expireAt: expireAtOf(spec.expire), ...fields(spec, undefined), status: spec.status === 'disabled' ? 'DISABLED' : 'ACTIVE' };
  for (const f of CREDENTIAL_FIELDS) if (secrets[f] !== undefined) body[f] = secrets[f];
  if (squadUuids) body.activeInternalSquads = squadUuids;
  return body;
}

/**
 * PATCH /api/users: only the changed fields. Never credentials (the panel ignores them, §4.2),
 * never `status` (enable / disable actions do that, §4.4), and `expireAt` only when the manifest
 * changed it: an unchanged past date is refused, and a resent future one lifts EXPIRED.
 */
export function patchBody(id: number, spec: Spec, changed: ReadonlySet<string>, squadUuids: string[] | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { id, ...fields(spec, changed) };
  if (squadUuids) body.activeInternalSquads = squadUuids;
  return body;
}

/** The top-level fields a plan changes. */
export const changedFields = (changes: readonly FieldChange[]): Set<string> => new Set(changes.map((c) => c.path.split('.')[0] ?? c.path));
