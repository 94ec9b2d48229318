export const API_VERSION = 'marzban.panelops.io/v1';

/** Apply order (design §3): admins, then templates, nodes, hosts, users; deletes in reverse. */
export const ORDER = { Admin: 10, UserTemplate: 20, Node: 30, Hosts: 40, User: 50 } as const;
