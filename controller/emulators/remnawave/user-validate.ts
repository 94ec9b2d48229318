import { invalid, type Issue } from './errors.ts';
import { STRATEGIES, USER_STATUSES } from './types.ts';

const USERNAME = /^[a-zA-Z0-9_-]+$/;
const TAG = /^[A-Z0-9_]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** zod's RFC uuid(): version 1-8, variant 8/9/a/b, or the nil and max uuids (§1). */
const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/i;

/** Datetimes with a zone or none (read as UTC); a bare date is refused (§1). */
export function parseDate(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

export const isUuid = (v: unknown): boolean => typeof v === 'string' && UUID.test(v);

/**
 * The zod checks of a user body, field by field (§4.1). Unknown fields are simply not read
 * (zod strips them). `create` makes username and expireAt required and allows the
 * credentials and any status; PATCH allows only ACTIVE / DISABLED.
 */
export function validateUserBody(body: Record<string, unknown>, mode: 'create' | 'update'): void {
  const issues: Issue[] = [];
  const bad = (path: string, message: string) => issues.push({ path: [path], message, code: 'custom' });
  const has = (f: string) => body[f] !== undefined;
  const u = body.username;
  if (mode === 'create' || has('username')) {
    if (typeof u !== 'string') bad('username', 'Invalid input: expected string, received undefined');
    else if (u.length < 3) bad('username', 'Username must be at least 3 characters');
    else if (u.length > 36) bad('username', 'Username must be less than 36 characters');
    else if (!USERNAME.test(u)) bad('username', 'Username can only contain letters, numbers, underscores and dashes');
  }
  if (mode === 'create' && !has('expireAt')) bad('expireAt', 'Invalid input: expected string, received undefined');
  if (has('expireAt') && parseDate(body.expireAt) === undefined) bad('expireAt', 'Invalid ISO datetime');
  if (has('status')) {
    const allowed = mode === 'create' ? USER_STATUSES : ['ACTIVE', 'DISABLED'];
    if (!allowed.includes(body.status as never)) bad('status', `Invalid option: expected one of ${allowed.map((s) => `"${s}"`).join('|')}`);
  }
  if (has('trafficLimitBytes') && (typeof body.trafficLimitBytes !== 'number' || body.trafficLimitBytes < 0)) bad('trafficLimitBytes', 'Traffic limit must be greater than 0');
  if (has('trafficLimitStrategy') && !STRATEGIES.includes(body.trafficLimitStrategy as never)) bad('trafficLimitStrategy', 'Invalid option');
  if (body.tag !== undefined && body.tag !== null && (typeof body.tag !== 'string' || !TAG.test(body.tag) || body.tag.length > 16)) bad('tag', 'Tag can only contain uppercase letters, numbers, underscores');
  if (body.email !== undefined && body.email !== null && (typeof body.email !== 'string' || !EMAIL.test(body.email))) bad('email', 'Invalid email address');
  if (body.telegramId !== undefined && body.telegramId !== null && typeof body.telegramId !== 'number') bad('telegramId', 'Invalid input: expected number');
  if (body.hwidDeviceLimit !== undefined && body.hwidDeviceLimit !== null && !(Number.isInteger(body.hwidDeviceLimit) && (body.hwidDeviceLimit as number) >= 0)) bad('hwidDeviceLimit', 'Invalid input');
  if (body.description !== undefined && body.description !== null && typeof body.description !== 'string') bad('description', 'Invalid input: expected string');
  if (has('activeInternalSquads')) {
    const list = body.activeInternalSquads;
    if (!Array.isArray(list)) bad('activeInternalSquads', 'Invalid input: expected array');
    else list.forEach((v, i) => (isUuid(v) ? undefined : issues.push({ path: ['activeInternalSquads', i], message: 'Invalid UUID', code: 'invalid_format' })));
  }
  if (body.externalSquadUuid !== undefined && body.externalSquadUuid !== null && !isUuid(body.externalSquadUuid)) bad('externalSquadUuid', 'Invalid UUID');
  if (mode === 'create') {
    if (has('vlessUuid') && !(typeof body.vlessUuid === 'string' && GUID.test(body.vlessUuid))) bad('vlessUuid', 'Invalid GUID');
    for (const f of ['trojanPassword', 'ssPassword']) {
      const v = body[f];
      if (v !== undefined && !(typeof v === 'string' && v.length >= 8 && v.length <= 32)) bad(f, 'Password must be 8-32 characters');
    }
    if (has('shortUuid') && typeof body.shortUuid !== 'string') bad('shortUuid', 'Invalid input: expected string');
  }
  if (issues.length) invalid(issues);
}
