/**
 * One frozen copy of each distinct small value that many objects of a fleet repeat (a user's
 * inbound tags, a proxy's settings, a client's inbound list): at 100,000 users each kept its
 * own copies, and they were a fifth of the objects a plan holds and the collector moves. The
 * copies are frozen, so code that would change one in place fails loudly instead of changing
 * every user that shares it. Bounded: past `limit` distinct values, new ones are not kept.
 */
export class Interner<T extends object> {
  private readonly seen = new Map<string, T>();

  constructor(private readonly limit = 10_000) {}

  /** The shared copy for `key`, made by `make` the first time. */
  get(key: string, make: () => T): T {
    const known = this.seen.get(key);
    if (known) return known;
    const value = deepFreeze(make());
    if (this.seen.size < this.limit) this.seen.set(key, value);
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A key for a list of strings, unambiguous whatever the strings hold. */
export const listKey = (items: readonly string[]): string => JSON.stringify(items);
