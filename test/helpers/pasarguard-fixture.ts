import { DEFAULT_OWNER, startPasarGuardEmulator, type PasarGuardEmulator, type PasarGuardEmulatorOptions } from '../../controller/emulators/pasarguard/index.ts';
import { startWorld, type PanelFixture, type World } from './world.ts';

export const pasarGuardPanel = (policy = '{ prune: true }') => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: pg }
spec:
  type: pasarguard
  url: { env: PG_URL }
  auth: { username: { env: PG_USER }, password: { env: PG_PASS } }
  limits: { concurrency: 4, requestsPerSecond: 0 }
  policy: ${policy}
`;

export const pasarGuardFixture = (options: PasarGuardEmulatorOptions = {}): PanelFixture<PasarGuardEmulator> => ({
  start: () => startPasarGuardEmulator({ seed: 1, ...options }),
  panelYaml: pasarGuardPanel,
  env: (e) => ({ PG_URL: e.url, PG_USER: DEFAULT_OWNER.username, PG_PASS: DEFAULT_OWNER.password }),
});

export type PasarGuardWorld = World<PasarGuardEmulator>;

export const pasarGuardWorld = (options: PasarGuardEmulatorOptions = {}): Promise<PasarGuardWorld> => startWorld(pasarGuardFixture(options));

/** One PasarGuard manifest document. */
export const pgDoc = (kind: string, name: string, spec: string) => `apiVersion: pasarguard.panelops.io/v1
kind: ${kind}
metadata: { name: ${JSON.stringify(name)} }
spec:
${spec.replace(/^/gm, '  ')}
`;
