import { startMarzbanEmulator, type MarzbanEmulator, type MarzbanEmulatorOptions } from '../../controller/emulators/marzban/index.ts';
import { startWorld, type PanelFixture, type World } from './world.ts';

export const marzbanPanel = (policy = '{ prune: true }') => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: mz }
spec:
  type: marzban
  url: { env: MZ_URL }
  auth: { username: { env: MZ_USER }, password: { env: MZ_PASS } }
  limits: { concurrency: 4, requestsPerSecond: 0 }
  policy: ${policy}
`;

export const marzbanFixture = (options: MarzbanEmulatorOptions = {}): PanelFixture<MarzbanEmulator> => ({
  start: () => startMarzbanEmulator({ seed: 1, ...options }),
  panelYaml: marzbanPanel,
  env: (e) => ({ MZ_URL: e.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass' }),
});

export type MarzbanWorld = World<MarzbanEmulator>;

export const marzbanWorld = (options: MarzbanEmulatorOptions = {}): Promise<MarzbanWorld> => startWorld(marzbanFixture(options));
