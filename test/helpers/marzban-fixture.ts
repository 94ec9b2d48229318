import { startMarzbanEmulator, type MarzbanEmulator, type MarzbanEmulatorOptions } from '../../controller/emulators/marzban/index.ts';
import { startWorld, type PanelFixture, type World } from './world.ts';

/** A Panel document reading its URL and credentials from `<env>_URL`, `<env>_USER` and `<env>_PASS`. */
export const marzbanPanel = (policy = '{ prune: true }', name = 'mz', env = 'MZ') => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: ${name} }
spec:
  type: marzban
  url: { env: ${env}_URL }
  auth: { username: { env: ${env}_USER }, password: { env: ${env}_PASS } }
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
