/**
 * `--target` selectors: `[panel:]Kind[/key]`, each part a glob with `*`. `User/alice`,
 * `eu-1:User/*`, `eu-1:*`. Objects outside every selector are neither changed nor pruned.
 */
export type TargetFilter = (panel: string, kind: string, key: string) => boolean;

export const glob = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

export function parseTargets(selectors: readonly string[]): TargetFilter | undefined {
  if (selectors.length === 0) return undefined;
  const matchers = selectors.map((s) => {
    const colon = s.indexOf(':');
    const panel = colon >= 0 ? s.slice(0, colon) : '*';
    const rest = colon >= 0 ? s.slice(colon + 1) : s;
    const slash = rest.indexOf('/');
    const kind = slash >= 0 ? rest.slice(0, slash) : rest || '*';
    const key = slash >= 0 ? rest.slice(slash + 1) : '*';
    return [glob(panel), glob(kind), glob(key)] as const;
  });
  return (panel, kind, key) => matchers.some(([p, k, n]) => p.test(panel) && k.test(kind) && n.test(key));
}
