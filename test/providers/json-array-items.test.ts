import { describe, expect, it } from 'vitest';
import { JsonArrayItems } from '../../controller/providers/json-array-items.ts';
import { createRng } from '../../controller/emulators/kit/rng.ts';

const tricky = ['plain', 'quote " inside', 'looks like an item end },{', 'back\\slash', 'brackets ]}[{, and commas', 'ключ ünïcödé 🚀', 'tab\tnew\nline', '\\"', ''];

function randomValue(rng: ReturnType<typeof createRng>, depth: number): unknown {
  const pick = rng.int(0, depth > 2 ? 3 : 5);
  if (pick === 0) return tricky[rng.int(0, tricky.length - 1)];
  if (pick === 1) return rng.int(-1e6, 1e6) / (rng.next() < 0.5 ? 1 : 7);
  if (pick === 2) return [true, false, null][rng.int(0, 2)];
  if (pick === 3) return rng.string(rng.int(0, 12));
  if (pick === 4) return Array.from({ length: rng.int(0, 4) }, () => randomValue(rng, depth + 1));
  return Object.fromEntries(Array.from({ length: rng.int(0, 4) }, (_, i) => [`${tricky[rng.int(0, tricky.length - 1)]}${i}`, randomValue(rng, depth + 1)]));
}

/** Feeds `text` in chunks of random sizes (1 byte and up), as a socket would. */
function read(text: string, field: string, rng: ReturnType<typeof createRng>): { items: unknown[]; rest: unknown } {
  const bytes = Buffer.from(text);
  const items: unknown[] = [];
  const reader = new JsonArrayItems(field, (item) => items.push(item));
  for (let at = 0; at < bytes.length; ) {
    const size = rng.next() < 0.3 ? 1 : rng.int(1, rng.next() < 0.5 ? 64 : 4096);
    reader.push(bytes.subarray(at, at + size));
    at += size;
  }
  return { items, rest: JSON.parse(reader.end()) };
}

describe('JsonArrayItems', () => {
  it('hands over every item of the named array, and the rest of the body with that array empty, however the body is cut', () => {
    const rng = createRng(7);
    for (let round = 0; round < 300; round++) {
      const obj = Array.from({ length: rng.int(0, 12) }, () => randomValue(rng, 0));
      const body = { success: rng.next() < 0.5, msg: tricky[rng.int(0, tricky.length - 1)], 'obj"x': [1, 2], obj, after: { obj: ['nested, not top-level'] } };
      const text = JSON.stringify(body, null, rng.next() < 0.5 ? 1 : undefined);
      const { items, rest } = read(text, 'obj', rng);
      expect(items).toEqual(obj);
      expect(rest).toEqual({ ...body, obj: [] });
    }
  });

  it('leaves a body without the field, or with null there, whole', () => {
    const rng = createRng(3);
    expect(read('{"success":false,"msg":"obj: no such client","obj":null}', 'obj', rng)).toEqual({ items: [], rest: { success: false, msg: 'obj: no such client', obj: null } });
    expect(read('[{"obj":[1]}]', 'obj', rng)).toEqual({ items: [], rest: [{ obj: [1] }] });
  });
});

describe('JsonArrayItems on answers whose field holds no single array', () => {
  const feed = (text: string) => {
    const reader = new JsonArrayItems('obj', () => undefined);
    reader.push(Buffer.from(text));
    return reader;
  };

  it('says whether the field held an array, so a missing field or null is not read as empty', () => {
    expect(feed('{"success":true,"obj":[{"a":1}]}').arrayFound).toBe(true);
    expect(feed('{"success":true,"obj":[]}').arrayFound).toBe(true);
    expect(feed('{"success":true,"obj":null}').arrayFound).toBe(false);
    expect(feed('{"success":true}').arrayFound).toBe(false);
    expect(feed('{"success":true,"other":{"obj":[1]}}').arrayFound).toBe(false);
  });

  it('refuses the field given twice: JSON.parse would keep the second, not the items streamed', () => {
    expect(() => feed('{"obj":[{"a":1}],"obj":[]}')).toThrow(/"obj" appears more than once/);
  });
});
