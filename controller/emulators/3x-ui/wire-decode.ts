import { XuiError } from './envelope.ts';

/**
 * Go-like decoding of request bodies. The panel binds JSON into typed structs, so a value
 * of the wrong JSON type is a decode error reported as success:false (3x-ui.md §4.1: this
 * is why a read-shape record, whose `id` is an integer, cannot be posted to update).
 */

type GoType = 'string' | 'int' | 'int64' | 'bool' | '[]string' | 'reverse';

/** The write shape of a client (§4.1) with Go zero values for absent fields. */
export interface WriteClient {
  id: string;
  email: string;
  password: string;
  auth: string;
  secret: string;
  adTag: string;
  privateKey: string;
  publicKey: string;
  allowedIPs: string[];
  preSharedKey: string;
  keepAlive: number;
  flow: string;
  security: string;
  limitIp: number;
  limitHwid: number;
  totalGB: number;
  expiryTime: number;
  enable: boolean;
  tgId: number;
  subId: string;
  group: string;
  comment: string;
  reset: number;
  resetDay: number;
  resetMax: number;
  trafficReset: string;
  trafficResetDay: number;
  reverse: { tag: string } | null;
  created_at: number;
  updated_at: number;
  /** Every other key of the body, raw: a newer release's fields (XuiModel.extraFields) are among them. */
  extra: Record<string, unknown>;
}

const CLIENT_FIELDS: Record<Exclude<keyof WriteClient, 'extra'>, GoType> = {
  id: 'string', email: 'string', password: 'string', auth: 'string', secret: 'string', adTag: 'string',
  privateKey: 'string', publicKey: 'string', allowedIPs: '[]string', preSharedKey: 'string', keepAlive: 'int',
  flow: 'string', security: 'string', limitIp: 'int', limitHwid: 'int', totalGB: 'int64', expiryTime: 'int64',
  enable: 'bool', tgId: 'int64', subId: 'string', group: 'string', comment: 'string', reset: 'int',
  resetDay: 'int', resetMax: 'int', trafficReset: 'string', trafficResetDay: 'int', reverse: 'reverse',
  created_at: 'int64', updated_at: 'int64',
};

const ZERO: Record<GoType, unknown> = { string: '', int: 0, int64: 0, bool: false, '[]string': [], reverse: null };

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function typeError(v: unknown, path: string, type: string): XuiError {
  const shown = typeof v === 'number' && !Number.isInteger(v) ? `number ${v}` : jsonKind(v);
  return new XuiError(`json: cannot unmarshal ${shown} into Go struct field ${path} of type ${type}`, false);
}

/** Decodes one value as Go would into a field of the given type; null means the zero value. */
export function decodeField(v: unknown, type: GoType, path: string): unknown {
  if (v === undefined || v === null) return type === '[]string' ? [] : ZERO[type];
  const bad = (): never => {
    throw typeError(v, path, type === 'reverse' ? 'model.Reverse' : type);
  };
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : bad();
    case 'int':
    case 'int64':
      return typeof v === 'number' && Number.isInteger(v) ? v : bad();
    case 'bool':
      return typeof v === 'boolean' ? v : bad();
    case '[]string':
      if (!Array.isArray(v)) return bad();
      return v.map((s, i) => decodeField(s, 'string', `${path}[${i}]`) as string);
    case 'reverse': {
      if (typeof v !== 'object' || Array.isArray(v)) return bad();
      const tag = (v as Record<string, unknown>).tag;
      return { tag: decodeField(tag, 'string', `${path}.tag`) as string };
    }
  }
}

export function decodeWriteClient(body: unknown, structName = 'Client'): WriteClient {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new XuiError(`json: cannot unmarshal ${jsonKind(body)} into Go value of type model.${structName}`, false);
  }
  const src = body as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(CLIENT_FIELDS)) {
    out[field] = decodeField(src[field], type, `${structName}.${field}`);
  }
  out.extra = Object.fromEntries(Object.entries(src).filter(([k]) => !(k in CLIENT_FIELDS)));
  const w = out as unknown as WriteClient;
  // §4.1 defaults: trafficReset "never", trafficResetDay 1.
  if (w.trafficReset === '') w.trafficReset = 'never';
  if (w.trafficResetDay === 0) w.trafficResetDay = 1;
  return w;
}

/** Parses a JSON request body; a body that does not parse is a Go decode error. */
export function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') throw new XuiError('EOF', false);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const first = text.trim()[0] ?? '';
    throw new XuiError(`invalid character '${first}' looking for beginning of value`, false);
  }
}

/** Reads a named array of strings from an object body (e.g. `emails`). */
export function stringList(body: unknown, field: string): string[] {
  const v = objectBody(body)[field];
  return decodeField(v, '[]string', `request.${field}`) as string[];
}

/** Reads a named array of integers from an object body (e.g. `inboundIds`). */
export function intList(body: unknown, field: string): number[] {
  const v = objectBody(body)[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw typeError(v, `request.${field}`, '[]int');
  return v.map((n, i) => decodeField(n, 'int', `request.${field}[${i}]`) as number);
}

export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new XuiError(`json: cannot unmarshal ${jsonKind(body)} into Go value of type request`, false);
  }
  return body as Record<string, unknown>;
}
