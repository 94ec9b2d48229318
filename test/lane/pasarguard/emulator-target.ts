import { DEFAULT_OWNER, startPasarGuardEmulator, type PasarGuardEmulator } from '../../../controller/emulators/pasarguard/index.ts';
import type { LaneSource } from '../suite.ts';
import { runPrefix, type LaneTarget } from '../target.ts';

/** Emulators the lane started, by URL: a case that waits for the panel's jobs runs them at once there. */
const running = new Map<string, PasarGuardEmulator>();

/** A v5.2.1 emulator set up as the real server is (../realpanels/pasarguard/setup.sh): one owner, one inbound. */
export const pasarGuardEmulatorSource = (): LaneSource => ({
  where: 'emulator',
  version: 'v5.2.1',
  async open() {
    // No node runs beside the real server either: the cases' nodes point at 127.0.0.9, where nothing listens.
    const emu = await startPasarGuardEmulator({ seed: 7, unreachableNodes: ['127.0.0.9'] });
    running.set(emu.url, emu);
    return {
      where: 'emulator', type: 'pasarguard', version: 'v5.2.1', url: emu.url, auth: { ...DEFAULT_OWNER }, prefix: runPrefix('pl'),
      close: async () => {
        running.delete(emu.url);
        await emu.close();
      },
    };
  },
});

/**
 * Waits until `until` holds after the panel's 30-second review job ran: on an emulator the job runs
 * at once; a real panel is polled for at most `timeoutMs` (the job runs every 30 s, staggered, §5.4,
 * and a loaded machine delays it: 75 s was seen to fall short once).
 */
export async function waitForJobs(target: Pick<LaneTarget, 'url'>, until: () => Promise<boolean>, timeoutMs = 140_000): Promise<void> {
  const emulator = running.get(target.url);
  if (emulator) {
    emulator.tick();
    if (!(await until())) throw new Error('the review job did not bring the expected state');
    return;
  }
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await until()) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`the panel's jobs did not bring the expected state within ${timeoutMs / 1000} s`);
}
