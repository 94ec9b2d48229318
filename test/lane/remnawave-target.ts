import { startRemnawaveEmulator, type RemnawaveEmulator } from '../../controller/emulators/remnawave/index.ts';
import { runPrefix, type LaneTarget } from './target.ts';

/** A Remnawave 3.3.2 emulator as a lane target, with the emulator itself for counters and jobs. */
export async function remnawaveEmulatorTarget(seed = 3): Promise<LaneTarget & { emulator: RemnawaveEmulator }> {
  const emulator = await startRemnawaveEmulator({ seed });
  return {
    where: 'emulator',
    type: 'remnawave',
    version: emulator.state.version,
    url: emulator.url,
    auth: { token: emulator.apiToken },
    prefix: runPrefix('rw'),
    emulator,
    close: () => emulator.close(),
  };
}
