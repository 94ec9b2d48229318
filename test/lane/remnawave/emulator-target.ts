import { startRemnawaveEmulator } from '../../../controller/emulators/remnawave/index.ts';
import type { LaneSource } from '../suite.ts';
import { runPrefix } from '../target.ts';

/** A Remnawave emulator as the lane opens a panel: a fresh 3.3.2 with its API token. */
export const remnawaveEmulatorSource = (version = '3.3.2'): LaneSource => ({
  where: 'emulator',
  version,
  async open() {
    const emu = await startRemnawaveEmulator({ seed: 9, version });
    return { where: 'emulator', type: 'remnawave', version, url: emu.url, auth: { token: emu.apiToken }, prefix: runPrefix('pl'), close: () => emu.close() };
  },
});
