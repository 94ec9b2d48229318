import { importCommand } from '../../controller/cli/import-command.ts';
import type { LaneTarget } from '../lane/target.ts';
import { captureRuntime } from './capture-runtime.ts';
import { startWorld, type World } from './world.ts';

export const remnawavePanel = (policy = '{ prune: true }') => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: rw }
spec:
  type: remnawave
  url: { env: RW_URL }
  auth: { token: { env: RW_TOKEN } }
  limits: { concurrency: 4, requestsPerSecond: 0 }
  policy: ${policy}
`;

export type RemnawaveWorld = World<{ url: string; close(): Promise<void> }>;

/** A manifest directory and state directory in front of one Remnawave panel, which outlives the world. */
export const remnawaveWorld = (target: LaneTarget, env: Record<string, string> = {}): Promise<RemnawaveWorld> =>
  startWorld({
    start: () => Promise.resolve({ url: target.url, close: async () => {} }),
    panelYaml: remnawavePanel,
    env: () => ({ RW_URL: target.url, RW_TOKEN: target.auth.token ?? '', ...env }),
  });

/** `panelops import --panel rw`, narrowed to the given selectors (a real panel is shared: only a case's own objects). */
export async function importRemnawave(world: RemnawaveWorld, selector: string[]): Promise<{ code: number; stderr: string }> {
  const c = captureRuntime(world.env);
  const code = await importCommand(c.rt, { dir: world.manifests, stateDir: world.stateDir, panel: 'rw', kind: [], selector, names: [], adopt: true });
  return { code, stderr: c.stderr() };
}
