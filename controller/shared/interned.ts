/**
 * One frozen copy of each distinct small value that many objects of a fleet repeat (a user's
 * inbound tags, a proxy's settings, a client's inbound list): at 100,000 users each kept its
 * own copies, and they were a fifth of the objects a plan holds and the collector moves. The
 * copies are frozen, so code that would change one in place fails loudly instead of changing
 * every user that shares it. Bounded: past `limit` distinct values, new ones are not kept.
 *
 * A value is found by a path of strings and numbers (see `get`) walked through nested maps:
 * no key string is built per object. Building one with JSON.stringify cost 0.25 s of a
 * 200,000-object plan, more than the comparisons it served.
 */
export class Interner<T extends object> {
  private readonly root: Node<T> = { next: undefined, value: undefined };
  private size = 0;

  constructor(private readonly limit = 10_000) {}

  /**
   * The shared copy for `path`, made by `make` the first time. The path must name the value
   * unambiguously: a list of variable length is preceded by its length, so ['a', 'b'] and
   * ['a,b'] or ['a'] + ['b'] never meet (strings and numbers are different keys).
   */
  get(path: readonly (string | number)[], make: () => T): T {
    let node = this.root;
    for (const step of path) {
      let next = node.next?.get(step);
      if (!next) {
        if (this.size >= this.limit) return deepFreeze(make());
        next = { next: undefined, value: undefined };
        (node.next ??= new Map()).set(step, next);
      }
      node = next;
    }
    if (node.value) return node.value;
    const value = deepFreeze(make());
    if (this.size < this.limit) {
      node.value = value;
      this.size += 1;
    }
    return value;
  }
}

interface Node<T> {
  next: Map<string | number, Node<T>> | undefined;
  value: T | undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Whether a list of strings is in the order `sort()` gives (most are: panels and imports sort them). */
export function isSorted(items: readonly string[]): boolean {
  for (let i = 1; i < items.length; i++) if ((items[i - 1] as string) > (items[i] as string)) return false;
  return true;
}
