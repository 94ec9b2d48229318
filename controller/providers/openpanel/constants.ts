export const API_VERSION = 'openpanel.panelops.io/v1';

/** Plans before the accounts on them, domains after their owner; deletes in reverse. */
export const ORDER = { Plan: 20, Account: 50, Domain: 60 } as const;

/** The token lives 15 minutes with no refresh (openpanel.md §2): log in again well before. */
export const TOKEN_RENEW_MS = 12 * 60 * 1000;

/** A suspended account's row is renamed (§3.3); the plain name is its identity. */
export const SUSPENDED_PREFIX = /^SUSPENDED_\d{14}_/;
