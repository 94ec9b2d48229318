import { startRemnawaveEmulator, type RemnawaveEmulator, type RemnawaveEmulatorOptions } from '../../controller/emulators/remnawave/index.ts';
import { remnawavePanel } from '../lane/remnawave/panel.ts';
import { startWorld, type PanelFixture, type World } from './world.ts';

/** A Remnawave emulator behind the lane's Panel document (`lane`, reading LANE_URL and LANE_TOKEN). */
export const remnawaveFixture = (options: RemnawaveEmulatorOptions = {}): PanelFixture<RemnawaveEmulator> => ({
  start: () => startRemnawaveEmulator({ seed: 2, ...options }),
  panelYaml: remnawavePanel.panelYaml,
  env: (e) => ({ LANE_URL: e.url, LANE_TOKEN: e.apiToken }),
});

export const remnawaveEmulatorWorld = (options: RemnawaveEmulatorOptions = {}): Promise<World<RemnawaveEmulator>> => startWorld(remnawaveFixture(options));
