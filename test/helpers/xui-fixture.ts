import { startXuiEmulator, type XuiEmulator, type XuiEmulatorOptions } from '../../controller/emulators/3x-ui/index.ts';
import { startWorld, type PanelFixture, type World } from './world.ts';

export const XUI_TOKEN = 'sandbox-xui-token-0123456789abcdef0123456789abcdef';

export const xuiPanel = (policy = '{ prune: true }') => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: xui }
spec:
  type: 3x-ui
  url: { env: XUI_URL }
  auth: { token: { env: XUI_TOKEN } }
  limits: { concurrency: 4, requestsPerSecond: 0 }
  policy: ${policy}
`;

export const xuiFixture = (options: XuiEmulatorOptions = {}): PanelFixture<XuiEmulator> => ({
  start: () => startXuiEmulator({ seed: 1, ...options }),
  panelYaml: xuiPanel,
  env: (e) => ({ XUI_URL: e.url, XUI_TOKEN }),
});

export type XuiWorld = World<XuiEmulator>;
export const xuiWorld = (options: XuiEmulatorOptions = {}): Promise<XuiWorld> => startWorld(xuiFixture(options));

/** A bare 3x-ui call with the sandbox token, to look at the panel independently of panelops. */
export async function xuiGet<T>(url: string, path: string): Promise<{ success: boolean; msg: string; obj: T }> {
  const res = await fetch(`${url}/panel/api${path}`, { headers: { authorization: `Bearer ${XUI_TOKEN}` } });
  return (await res.json()) as { success: boolean; msg: string; obj: T };
}
