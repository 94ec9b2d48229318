import { CliError } from '../../controller/cli/exit-codes.ts';
import { importCommand } from '../../controller/cli/import-command.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { startWorld, type World } from '../helpers/world.ts';
import type { LaneAdapter } from './adapter.ts';
import type { LaneTarget } from './target.ts';

export interface LaneWorld extends World<{ url: string; close(): Promise<void> }> {
  /** `panelops import --panel lane --selector …`, adopting what it writes. */
  importNarrowed(selectors: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

/**
 * Manifest and state directories for one case, with in-process CLI calls, against a panel that
 * outlives the case (closing the world leaves the panel running).
 */
export async function laneWorld(adapter: Pick<LaneAdapter, 'panelYaml' | 'env'>, target: LaneTarget): Promise<LaneWorld> {
  const world = await startWorld({
    start: async () => ({ url: target.url, close: async () => {} }),
    panelYaml: (policy) => adapter.panelYaml(policy),
    env: () => adapter.env(target),
  });
  return {
    ...world,
    async importNarrowed(selectors) {
      const c = captureRuntime(world.env);
      try {
        const code = await importCommand(c.rt, { dir: world.manifests, stateDir: world.stateDir, panel: 'lane', kind: [], selector: selectors, names: [], adopt: true });
        return { code, stdout: c.stdout(), stderr: c.stderr() };
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        return { code: err.exitCode, stdout: c.stdout(), stderr: `${c.stderr()}Error: ${err.message}\n` };
      }
    },
  };
}
