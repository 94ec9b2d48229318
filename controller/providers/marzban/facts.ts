import type { PanelFacts } from '../types.ts';
import type { MarzbanRelease } from './release.ts';

/**
 * What one session learns about its panel. `usernames` is filled while users are listed:
 * SQLite panels of every release keep `Alice` and `alice` as two users, MySQL panels fold
 * case (marzban.md §13-§15), and only a folding panel has a spelling a manifest must match.
 */
export interface MarzbanFacts extends PanelFacts {
  release: MarzbanRelease;
  usernames?: UsernameSpelling;
}

/**
 * On a folding panel: live names with capitals by their lower-case form (few, kept at once),
 * and every live name (kept as the list it came in), folded only if a manifest name has
 * capitals. A 100,000-user plan of lower-case names then builds no large map.
 */
export interface UsernameSpelling {
  folds: boolean;
  capitalised?: ReadonlyMap<string, string>;
  live?: readonly { key: string }[];
  folded?: Map<string, string>;
}

/** The facts handed to `check`, when they come from a Marzban session. */
export const marzbanFacts = (facts: PanelFacts | undefined): MarzbanFacts | undefined =>
  facts && 'release' in facts ? (facts as MarzbanFacts) : undefined;
