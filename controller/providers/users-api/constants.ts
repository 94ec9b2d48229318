export const API_VERSION = 'usersapi.panelops.io/v1';

export const ORDER = { User: 50 } as const;

/** The largest page the API accepts (users-api.md §6.3). */
export const MAX_PAGE = 100;

/** What a pruned user's block says: the seed API has no delete (§6.10), so panelops blocks instead. */
export const PRUNE_REASON = 'Removed from the panelops manifests';
