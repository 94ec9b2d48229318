/**
 * Every string token of a JSON text, with the colon that follows it when it is a member name.
 * Matched from each string's opening quote, so a colon inside a string is never counted.
 */
const STRING_TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?/g;

/**
 * True when a JSON text repeats a name inside one object. JSON.parse keeps the last value
 * silently, so two definitions of a field would both look reviewed while one is dropped.
 * The text's member names are counted and compared with the parsed objects' keys: a
 * difference means a repeat. Only for text that JSON.parse accepted.
 */
export function hasDuplicateKeys(text: string, parsed: unknown): boolean {
  let written = 0;
  STRING_TOKEN.lastIndex = 0;
  for (let m = STRING_TOKEN.exec(text); m; m = STRING_TOKEN.exec(text)) if (m[1] !== undefined) written++;
  return written !== countKeys(parsed);
}

function countKeys(root: unknown): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    for (const key in value) {
      count++;
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  return count;
}
