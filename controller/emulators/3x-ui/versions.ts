/**
 * Which 3x-ui release the emulator plays (3x-ui.md §1, §11 "route availability", §12.17).
 * Routes: `clients/*` and `inbounds/options` from v3.1.0; bulkCreate / bulkAttach /
 * bulkDetach / bulkDel and `groups/*` from v3.2.0; bulkEnable / bulkDisable from v3.5.0. A
 * route the release does not have answers the bare 404 of an unknown route. Behaviour
 * differs too (§12.1-§12.5): see `traitsOf`.
 */
export const XUI_VERSIONS = ['3.0', '3.1', '3.2', '3.3.0', '3.3.1', '3.4', '3.5', '3.6'] as const;

export type XuiVersion = (typeof XUI_VERSIONS)[number];

export const LATEST_XUI_VERSION: XuiVersion = '3.6';

/** True when `version` is `min` or newer. */
export const atLeast = (version: XuiVersion, min: XuiVersion): boolean => XUI_VERSIONS.indexOf(version) >= XUI_VERSIONS.indexOf(min);

/** How a release's client writes and reads behave (3x-ui.md §12.17). */
export interface XuiReleaseTraits {
  /** v3.3.1+: update keeps a stored UUID, password or auth sent empty; before, it mints new ones (§12.1). */
  keepsEmptyCredentials: boolean;
  /** v3.5.0+: the same for the MTProto secret (§12.1). */
  keepsEmptySecret: boolean;
  /** v3.3.0+: flow stripped per inbound, `get` derives the effective flow; before, the raw column everywhere (§12.4, §12.5). */
  stripsFlow: boolean;
  /** v3.3.0+: `inbounds/options` reports `ssMethod` (§12.3). */
  reportsSsMethod: boolean;
  /** v3.4.0+: `get/{email}` carries `externalLinks` and `usedTraffic` (§12.4). */
  getHasUsage: boolean;
}

export function traitsOf(version: XuiVersion): XuiReleaseTraits {
  return {
    keepsEmptyCredentials: atLeast(version, '3.3.1'),
    keepsEmptySecret: atLeast(version, '3.5'),
    stripsFlow: atLeast(version, '3.3.0'),
    reportsSsMethod: atLeast(version, '3.3.0'),
    getHasUsage: atLeast(version, '3.4'),
  };
}
