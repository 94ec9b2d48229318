export const API_VERSION = 'pasarguard.panelops.io/v1';

/** Apply order (design §3): admins, groups (users and templates point at them), templates, nodes, hosts, users; deletes in reverse. */
export const ORDER = { Admin: 10, Group: 15, UserTemplate: 20, Node: 30, Host: 40, User: 50 } as const;
