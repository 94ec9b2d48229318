/** The chaos fleet's manifests: phase A creates, phase B updates, moves and deletes. */

const panels = (mzUrlEnv: string) => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: mz }
spec:
  type: marzban
  url: { env: ${mzUrlEnv} }
  auth: { username: admin, password: { env: MZ_PASS } }
  limits: { concurrency: 6, requestsPerSecond: 0, timeoutSeconds: 5 }
---
apiVersion: panelops.io/v1
kind: Panel
metadata: { name: xui }
spec:
  type: 3x-ui
  url: { env: XUI_URL }
  auth: { token: { env: XUI_TOKEN } }
  limits: { concurrency: 4, requestsPerSecond: 0, timeoutSeconds: 5, batchSize: 200 }
`;

export const userName = (i: number) => `chaos_user_${i}`;
export const clientEmail = (i: number) => `chaos${i}@fleet.example`;

export function fleetFiles(users: number, clients: number, phase: 'A' | 'B'): Record<string, string> {
  const keepUser = (i: number) => phase === 'A' || i % 10 !== 0;
  const userItems = Array.from({ length: users }, (_, i) => i)
    .filter(keepUser)
    .map((i) => `    - { name: ${userName(i)}, dataLimit: ${phase === 'B' && i % 2 === 0 ? '20GiB' : '10GiB'} }`);
  const clientItems = Array.from({ length: clients }, (_, i) => i)
    .filter((i) => phase === 'A' || i % 10 !== 0)
    .map((i) => {
      const moved = phase === 'B' && i % 3 === 0;
      return `    - { name: ${clientEmail(i)}, inbounds: [${moved ? 'vmess-ws, trojan-tls' : 'vless-reality, vmess-ws'}], totalGB: ${phase === 'B' && i % 4 === 1 ? '60GiB' : '50GiB'} }`;
    });
  return {
    'panels.yaml': panels('MZ_URL'),
    'users.yaml': `apiVersion: marzban.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { proxies: { vless: {}, trojan: {} } }\n  items:\n${userItems.join('\n')}\n`,
    'clients.yaml': `apiVersion: xui.panelops.io/v1\nkind: ClientList\nspec:\n  items:\n${clientItems.join('\n')}\n`,
  };
}
