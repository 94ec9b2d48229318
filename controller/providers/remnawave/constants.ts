export const API_VERSION = 'remnawave.panelops.io/v1';

/** Apply order (design §3): squads first (users and hosts name them), then nodes, hosts, users; deletes in reverse. */
export const ORDER = { InternalSquad: 20, Node: 30, Host: 40, User: 50 } as const;

/**
 * Remnawave closes the socket, with no HTTP answer, on any request that lacks these two
 * headers (remnawave.md §2): a panel behind a TLS-terminating proxy gets them from the proxy,
 * so a script talking to the API directly must send them itself.
 */
export const PROXY_HEADERS: Readonly<Record<string, string>> = { 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'https' };

/** The panel has no empty expiry: year 2099 reads as "never" in its own subscription headers (§4.1). */
export const NEVER_EXPIRES = '2099-12-31T00:00:00.000Z';

/** Keyset pages of the user stream: the route's maximum (§5). */
export const MAX_STREAM_PAGE = 1000;
