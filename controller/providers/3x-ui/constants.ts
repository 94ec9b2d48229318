export const API_VERSION = 'xui.panelops.io/v1';

/** Groups first (clients carry a group label), then clients; deletes in reverse. */
export const ORDER = { Group: 20, Client: 50 } as const;
