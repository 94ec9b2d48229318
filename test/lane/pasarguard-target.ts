import { DEFAULT_OWNER, startPasarGuardEmulator, type PasarGuardEmulator } from '../../controller/emulators/pasarguard/index.ts';
import { pasarGuardApi, type PasarGuardApi } from '../helpers/pasarguard-api.ts';
import { realTargets, runPrefix, type LaneTarget } from './target.ts';

/**
 * A PasarGuard lane target with what its cases need beyond the LaneTarget: an API client as
 * the owner, and a way to let the panel's 30-second jobs run (a tick on the emulator, a wait
 * on a real panel).
 */
export interface PasarGuardTarget extends LaneTarget {
  api: PasarGuardApi;
  /** Resolves once the review job has run at least once after the call, or rejects after `timeoutMs`. */
  waitForJobs(until: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  emulator?: PasarGuardEmulator;
}

export async function emulatorTarget(tag = 'pg'): Promise<PasarGuardTarget> {
  const emulator = await startPasarGuardEmulator({ seed: 7 });
  const api = await pasarGuardApi(emulator.url, DEFAULT_OWNER.username, DEFAULT_OWNER.password);
  return {
    where: 'emulator', type: 'pasarguard', version: emulator.state.version, url: emulator.url,
    auth: { ...DEFAULT_OWNER }, prefix: runPrefix(tag), api, emulator,
    waitForJobs: async (until) => {
      emulator.tick();
      if (!(await until())) throw new Error('the review job did not bring the expected state');
    },
    close: () => emulator.close(),
  };
}

/** The running PasarGuard panels of PANELOPS_REAL_PANELS, each as a target. */
export async function realPasarGuardTargets(tag = 'pg'): Promise<PasarGuardTarget[]> {
  return Promise.all(
    realTargets('pasarguard', tag).map(async (t) => ({
      ...t,
      api: await pasarGuardApi(t.url, t.auth.username ?? '', t.auth.password ?? ''),
      waitForJobs: async (until: () => Promise<boolean>, timeoutMs = 75_000) => {
        const end = Date.now() + timeoutMs;
        while (Date.now() < end) {
          if (await until()) return;
          await new Promise((r) => setTimeout(r, 2000));
        }
        throw new Error(`the panel's jobs did not bring the expected state within ${timeoutMs / 1000} s`);
      },
    })),
  );
}
