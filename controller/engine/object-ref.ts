import { keyIdentity } from '../contract/key-identity.ts';
import type { KindDescriptor } from '../contract/panel.ts';

/**
 * "Kind/key" as the panel matches it: in one Unicode normalization, lower-cased for kinds whose
 * keys the panel folds (keyCaseInsensitive), so a manifest and a live object spelled differently meet.
 */
export function objectRef(kinds: readonly KindDescriptor[]): (kind: string, key: string) => string {
  const folding = new Set(kinds.filter((k) => k.keyCaseInsensitive).map((k) => k.kind));
  return (kind, key) => `${kind}/${keyIdentity(key, folding.has(kind))}`;
}
