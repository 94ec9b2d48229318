import { join } from 'node:path';
import { historyCommand } from '../../controller/cli/history-command.ts';
import { applyCommand } from '../../controller/cli/apply-command.ts';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { Metrics } from '../../controller/metrics/metrics.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { Reconciler } from '../../controller/run/reconciler.ts';
import { createLogger } from '../../controller/shared/logger.ts';
import { GitSource } from '../../controller/source/git-source.ts';
import { openStateBackend } from '../../controller/state/open-backend.ts';
import { TempRepo } from '../controller/git-repo.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { exitCodeOf } from '../helpers/world.ts';

/**
 * A manifest repository with a known commit author, a Marzban emulator, and the CLI and a
 * controller replica sharing one state (a directory, or a database through PANELOPS_STATE).
 */
export interface HistoryWorld {
  emulator: MarzbanEmulator;
  repo: TempRepo;
  env: Record<string, string>;
  commit(files: Record<string, string>, message: string): Promise<string>;
  apply(extraEnv?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  /** One controller reconcile of the repository's main branch. */
  reconcile(): Promise<Reconciler>;
  history(ref?: string, extra?: { format?: 'text' | 'json'; panel?: string; since?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function historyWorld(env: Record<string, string>, stateUrl?: string): Promise<HistoryWorld> {
  const emulator = await startMarzbanEmulator({ seed: 5 });
  const root = await tempDir();
  const repo = await TempRepo.init(join(root.path, 'repo'));
  repo.git('config', 'user.name', 'Dana Operator');
  repo.git('config', 'user.email', 'dana@example.com');
  const stateDir = join(root.path, 'state');
  const fullEnv = { MZ_URL: emulator.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass', ...env, ...(stateUrl ? { PANELOPS_STATE: stateUrl } : {}) };
  const choice = { stateDir, ...(stateUrl ? { state: stateUrl } : {}) };
  return {
    emulator,
    repo,
    env: fullEnv,
    commit: (files, message) => repo.commit({ 'panel.yaml': marzbanPanel(), ...files }, message),
    async apply(extraEnv = {}) {
      const c = captureRuntime({ ...fullEnv, ...extraEnv });
      const code = await exitCodeOf(c.rt, () => applyCommand(c.rt, { dir: repo.dir, stateDir, autoApprove: true }));
      return { code, stdout: c.stdout(), stderr: c.stderr() };
    },
    async reconcile() {
      const state = await openStateBackend(choice, fullEnv);
      const source = new GitSource({ url: repo.dir, branch: 'main', checkoutDir: join(root.path, 'checkout') });
      const reconciler = new Reconciler({ source, registry: defaultRegistry(), logger: createLogger({ level: 'silent' }), metrics: new Metrics(), state, env: fullEnv, replica: 'replica-a' });
      try {
        await reconciler.reconcile('test');
        await reconciler.release();
      } finally {
        await state.close();
      }
      return reconciler;
    },
    async history(ref, extra = {}) {
      const c = captureRuntime(fullEnv);
      const code = await exitCodeOf(c.rt, () => historyCommand(c.rt, ref, { stateDir, format: extra.format ?? 'text', ...(extra.panel ? { panel: extra.panel } : {}), ...(extra.since ? { since: extra.since } : {}) }));
      if (code !== 0) throw new Error(`history exited ${code}: ${c.stderr()}`);
      return c.stdout();
    },
    async close() {
      await emulator.close();
      await root.cleanup();
    },
  };
}
