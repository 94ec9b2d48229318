import { importCommand } from '../../controller/cli/import-command.ts';
import { captureRuntime } from './capture-runtime.ts';
import type { MarzbanWorld } from './marzban-fixture.ts';

/** `panelops import --panel mz` into the world's manifest directory, adopting what it writes. */
export async function importMarzban(world: Pick<MarzbanWorld, 'env' | 'manifests' | 'stateDir'>, selector: string[] = []): Promise<{ code: number; stderr: string }> {
  const c = captureRuntime(world.env);
  const code = await importCommand(c.rt, { dir: world.manifests, stateDir: world.stateDir, panel: 'mz', kind: [], selector, names: [], adopt: true });
  return { code, stderr: c.stderr() };
}
