import { startRemnawaveEmulator, type RemnawaveEmulator, type RemnawaveEmulatorOptions } from '../../controller/emulators/remnawave/index.ts';
import { remnawavePanel } from '../lane/remnawave/panel.ts';
import { laneWorld, type LaneWorld } from '../lane/world.ts';
import { remnawaveApi, type RemnawaveApi } from './remnawave-api.ts';
import { startWorld, type PanelFixture, type World } from './world.ts';

/** A Remnawave emulator behind the lane's Panel document (`lane`, reading LANE_URL and LANE_TOKEN). */
export const remnawaveFixture = (options: RemnawaveEmulatorOptions = {}): PanelFixture<RemnawaveEmulator> => ({
  start: () => startRemnawaveEmulator({ seed: 2, ...options }),
  panelYaml: remnawavePanel.panelYaml,
  env: (e) => ({ LANE_URL: e.url, LANE_TOKEN: e.apiToken }),
});

export const remnawaveEmulatorWorld = (options: RemnawaveEmulatorOptions = {}): Promise<World<RemnawaveEmulator>> => startWorld(remnawaveFixture(options));

/** An emulator with a lane world in front of it (import included) and a bare API client: what provider tests start from. */
export interface EmulatedRemnawave {
  emulator: RemnawaveEmulator;
  world: LaneWorld;
  api: RemnawaveApi;
  close(): Promise<void>;
}

export async function emulatedRemnawave(options: RemnawaveEmulatorOptions = {}, env: Record<string, string> = {}): Promise<EmulatedRemnawave> {
  const emulator = await startRemnawaveEmulator({ seed: 4, ...options });
  const world = await laneWorld(remnawavePanel, { where: 'emulator', type: 'remnawave', version: emulator.state.version, url: emulator.url, auth: { token: emulator.apiToken }, prefix: 'e', close: async () => {} });
  Object.assign(world.env, env);
  return {
    emulator,
    world,
    api: remnawaveApi(emulator.url, emulator.apiToken),
    close: async () => {
      await world.close();
      await emulator.close();
    },
  };
}
