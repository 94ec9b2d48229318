import type { MarzbanVersion } from './types.ts';

/**
 * What each release says in a 422 (marzban.md §16.7). 0.4.2 and 0.7.0 run pydantic 1, 0.8.4
 * pydantic 2: the keys are the same, the wording is not, and clients match on the keys only.
 */
const pydantic2 = (version: MarzbanVersion) => version === '0.8.4';

/** A validator's own message: pydantic 2 puts `Value error, ` before it. */
export const valueError = (version: MarzbanVersion, text: string): string => (pydantic2(version) ? `Value error, ${text}` : text);

/** A value outside an enumeration. */
export function enumText(version: MarzbanVersion, allowed: readonly string[]): string {
  const quoted = allowed.map((a) => `'${a}'`);
  if (!pydantic2(version)) return `value is not a valid enumeration member; permitted: ${quoted.join(', ')}`;
  return `Input should be ${quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1) ?? ''}` : quoted.join('')}`;
}

/** A number field given text pydantic cannot read as a number (0.8.4 refuses every string). */
export const notAnIntegerText = (version: MarzbanVersion, field: string): string =>
  pydantic2(version) ? `Value error, ${field} must be an integer or a float, not a string` : 'value is not a valid integer';

/** A string shorter or longer than its field allows. */
export function lengthText(version: MarzbanVersion, bound: 'min' | 'max', n: number): string {
  if (pydantic2(version)) return `String should have at ${bound === 'min' ? 'least' : 'most'} ${n} character${n === 1 ? '' : 's'}`;
  return `ensure this value has at ${bound === 'min' ? 'least' : 'most'} ${n} characters`;
}

/**
 * A body that is not JSON: keyed by the character offset where parsing stopped, with Python's
 * message before 0.8 and a fixed one after.
 */
export function malformedJson(version: MarzbanVersion, text: string): Record<string, string> {
  const [at, expecting] = jsonError(text);
  if (pydantic2(version)) return { [String(at)]: 'JSON decode error' };
  const line = text.slice(0, at).split('\n').length;
  const column = at - text.lastIndexOf('\n', at - 1);
  return { [String(at)]: `${expecting}: line ${line} column ${column} (char ${at})` };
}

/**
 * Where a JSON parser stops on `text` and what it wanted there, in Python's words. Only the
 * place is wanted (the panel keys its error by it), so this walks the text without building anything.
 */
export function jsonError(text: string): [number, string] {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const fail = (expecting = 'Expecting value'): never => {
    throw [i, expecting];
  };
  const string = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) throw [start, 'Unterminated string starting at'];
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail('Expecting property name enclosed in double quotes');
          string();
          ws();
          if (text[i] !== ':') fail("Expecting ':' delimiter");
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail("Expecting ',' delimiter");
      }
    }
    if (c === '"') return string();
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) return void (i += number[0].length);
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return void (i += word.length);
    fail();
  };
  try {
    value();
    ws();
    return [i, 'Extra data'];
  } catch (stop) {
    return stop as [number, string];
  }
}
