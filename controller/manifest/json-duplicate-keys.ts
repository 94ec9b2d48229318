import { scanJsonText } from './json-text-scan.ts';

/**
 * True when a JSON text repeats a name inside one object. JSON.parse keeps the last value
 * silently, so two definitions of a field would both look reviewed while one is dropped.
 * The text's member names (counted by scanJsonText, usually in the pass that checked the depth)
 * are compared with the parsed objects' keys: a difference means a repeat. Only for text that
 * JSON.parse accepted.
 */
export function hasDuplicateKeys(text: string, parsed: unknown, names = scanJsonText(text, Infinity).memberNames): boolean {
  return names !== countKeys(parsed);
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
