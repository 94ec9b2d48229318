export const API_VERSION = 'usersapi.panelops.io/v1';

export const ORDER = { User: 50 } as const;

/** The largest page the API accepts (users-api.md §6.3). */
export const MAX_PAGE = 100;

/** What a pruned user's block says: the seed API has no delete (§6.10), so panelops blocks instead. */
export const PRUNE_REASON = 'Removed from the panelops manifests';

/** Why blocks cannot be written on the Flute module (users-api.md §7). */
export const FLUTE_CANNOT_BLOCK =
  'the Flute API module cannot block users: every block request answers 500 (the module saves the block without its required user and blockedBy relations, users-api.md §7). Block the user in Flute\'s admin panel and leave `blocked` out of the manifest: a block set there is reported and kept';

/** Why pruning is refused on the Flute module: neither of its two ways retires a user. */
export const FLUTE_CANNOT_RETIRE =
  'the Flute API module cannot retire users: its blocks answer 500, and its delete only sets deleted_at, after which the user still lists and logs in as before (users-api.md §7). Nothing was sent. Block or remove the user in Flute\'s admin panel, then restore its manifest or stop managing it with';

/** Shown next to a Flute update that rewrites the whole user. */
export const FLUTE_REPLACES_USER = 'the Flute module replaces the whole user on update: the live name and login are sent back, with the manifest\'s password';
