import { connectPanel } from '../../controller/engine/connect.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import type { PanelConfig, PanelSession } from '../../controller/providers/types.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
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

/** A bare 3x-ui POST with the sandbox token: seeds the panel through its own API. */
export async function xuiPost<T>(url: string, path: string, body: unknown): Promise<{ success: boolean; msg: string; obj: T }> {
  const res = await fetch(`${url}/panel/api${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${XUI_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { success: boolean; msg: string; obj: T };
}

/** Inbound ids by tag, as the panel's `inbounds/options` gives them. */
export async function xuiInboundIds(url: string): Promise<Record<string, number>> {
  const options = await xuiGet<Array<{ id: number; tag: string }>>(url, '/inbounds/options');
  return Object.fromEntries(options.obj.map((o) => [o.tag, o.id]));
}

/** A logged-in provider session on an emulator, for driving the provider without the engine's plan. */
export async function xuiSession(url: string): Promise<PanelSession> {
  const panel: PanelConfig = {
    name: 'xui',
    type: '3x-ui',
    url,
    auth: { token: XUI_TOKEN },
    limits: { concurrency: 2, requestsPerSecond: 0, timeoutMs: 5000, pageSize: 200, batchSize: 500 },
    policy: { prune: true, mode: 'manage', adopt: false, maxDeletes: 100, maxDeletePercent: 50, maxMissingPercent: 50 },
    source: { file: 'panel.yaml', line: 1, column: 1 },
  };
  return (await connectPanel(panel, { registry: defaultRegistry(), logger: silentLogger() })).session;
}
