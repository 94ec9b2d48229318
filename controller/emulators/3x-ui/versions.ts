/**
 * Which 3x-ui release the emulator plays (3x-ui.md §1, §11 "route availability"):
 * `clients/*` and `inbounds/options` from v3.1.0; bulkCreate / bulkAttach / bulkDetach /
 * bulkDel and `groups/*` from v3.2.0; bulkEnable / bulkDisable from v3.5.0. A route the
 * release does not have answers the bare 404 of an unknown route.
 */
export type XuiVersion = '3.1' | '3.2' | '3.3' | '3.4' | '3.5' | '3.6';

export const LATEST_XUI_VERSION: XuiVersion = '3.6';

const minor = (v: XuiVersion): number => Number(v.split('.')[1]);

/** True when `version` is `min` or newer. */
export const atLeast = (version: XuiVersion, min: XuiVersion): boolean => minor(version) >= minor(min);
