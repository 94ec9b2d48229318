import type { PanelFacts } from '../types.ts';
import type { MarzbanRelease } from './release.ts';

/**
 * What one session learns about its panel. `usernames` is filled while users are listed:
 * SQLite panels of every release keep `Alice` and `alice` as two users, MySQL panels fold
 * case (marzban.md §13-§15), and only a folding panel has a spelling a manifest must match.
 */
export interface MarzbanFacts extends PanelFacts {
  release: MarzbanRelease;
  usernames?: { folds: boolean; spelling?: ReadonlyMap<string, string> };
}

/** The facts handed to `check`, when they come from a Marzban session. */
export const marzbanFacts = (facts: PanelFacts | undefined): MarzbanFacts | undefined =>
  facts && 'release' in facts ? (facts as MarzbanFacts) : undefined;
