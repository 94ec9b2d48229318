import { JsonArrayItems } from './json-array-items.ts';

/** Default byte caps of one answer (issue 13 point 6): a 2 GB body must never reach memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** Streamed lists are larger: 100,000 3x-ui clients are about 82 MB. */
export const DEFAULT_MAX_LIST_BYTES = 512 * 1024 * 1024;

/** The answer grew past its cap; the connection was dropped there. */
export class BodyTooLarge extends Error {
  constructor(readonly cap: number) {
    super(`the answer exceeded ${formatBytes(cap)}`);
    this.name = 'BodyTooLarge';
  }
}

/** The list answer could not be framed or one of its items was rejected. */
export class MalformedList extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedList';
  }
}

export const formatBytes = (n: number): string => (n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`);

/** Refuses at once an answer that announces more than the cap, before a byte of it is read. */
function checkDeclaredLength(headers: Headers, cap: number): void {
  const declared = Number(headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > cap) throw new BodyTooLarge(cap);
}

/**
 * Reads the chunks of a body, counting bytes; past `cap` the stream is cancelled (the panel
 * sees the connection close) and BodyTooLarge thrown.
 */
async function eachChunk(body: ReadableStream<Uint8Array>, cap: number, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > cap) throw new BodyTooLarge(cap);
      onChunk(value);
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  } finally {
    reader.releaseLock();
  }
}

/** The whole body as text, at most `cap` bytes of it. */
export async function readCappedText(res: Response, cap: number): Promise<string> {
  checkDeclaredLength(res.headers, cap);
  if (!res.body) return '';
  const chunks: Buffer[] = [];
  await eachChunk(res.body, cap, (chunk) => chunks.push(Buffer.from(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

export interface StreamedItems {
  /** The body with the array emptied. */
  text: string;
  /** The mapped items; undefined when the field held no array (missing, null, another type). */
  items: unknown[] | undefined;
}

/**
 * A list answer read item by item (see JsonArrayItems), at most `cap` bytes. Every item must
 * be an object carrying `key` as a non-empty string before `map` sees it: a row without its
 * key cannot be matched to a manifest, and reading it as "absent" would plan a create.
 */
export async function readCappedItems(res: Response, cap: number, options: { field: string; key?: string; map: (item: unknown) => unknown }): Promise<StreamedItems> {
  checkDeclaredLength(res.headers, cap);
  const items: unknown[] = [];
  const reader = new JsonArrayItems(options.field, (item) => {
    if (options.key !== undefined) checkItem(item, options.key, items.length);
    items.push(options.map(item));
  });
  if (res.body) {
    await eachChunk(res.body, cap, (chunk) => {
      try {
        reader.push(chunk);
      } catch (err) {
        throw err instanceof MalformedList ? err : new MalformedList(`"${options.field}" could not be read: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
  return { text: reader.end(), items: reader.arrayFound ? items : undefined };
}

function checkItem(item: unknown, key: string, index: number): void {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new MalformedList(`item ${index} is ${describe(item)}, not an object`);
  const value = (item as Record<string, unknown>)[key];
  if (typeof value !== 'string' || value === '') throw new MalformedList(`item ${index} has ${describe(value)} as its "${key}"`);
}

/** What a value is, for a message, without its content (it may be anything a panel sent). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  if (value === '') return 'an empty string';
  return `a ${typeof value}`;
}

/**
 * After a list answer was streamed: the field must have held an array, seen once (the body
 * without its items then holds it as `[]`). Otherwise MalformedList, except a `null` the
 * panel documents as its empty list. A body that is no JSON at all is left to `json()`.
 */
export function checkListField(read: StreamedItems, options: { field: string; nullIsEmpty?: boolean }): StreamedItems {
  let rest: unknown;
  try {
    rest = (JSON.parse(read.text) as Record<string, unknown> | null)?.[options.field];
  } catch {
    return read;
  }
  if (read.items && Array.isArray(rest) && rest.length === 0) return read;
  if (!read.items && rest === null && options.nullIsEmpty) return { text: read.text, items: [] };
  throw new MalformedList(read.items ? `"${options.field}" appears more than once` : `"${options.field}" holds ${describe(rest)} where a list should be`);
}
