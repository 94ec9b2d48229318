import { importCommand } from '../../../controller/cli/import-command.ts';
import { startUsersApiEmulator, type UsersApiEmulator, type UsersApiEmulatorOptions } from '../../../controller/emulators/users-api/index.ts';
import { captureRuntime } from '../../helpers/capture-runtime.ts';
import { startWorld, type PanelFixture, type World } from '../../helpers/world.ts';

/** A Users API panel in either dialect, with a few members that existed before panelops. */
export const dialectFixture = (compat: 'seed' | 'flute', options: UsersApiEmulatorOptions = {}): PanelFixture<UsersApiEmulator> => ({
  start: async () => {
    const e = await startUsersApiEmulator({ seed: 1, compat, ...options });
    e.seedUsers(5, { prefix: 'member' });
    return e;
  },
  panelYaml: (policy = '{ prune: true }') => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: ua }
spec:
  type: users-api
  url: { env: PANEL_URL }
  auth: { apiKey: { env: UA_KEY } }
  limits: { concurrency: 4, requestsPerSecond: 0 }
  policy: ${policy}
`,
  env: (e) => ({ PANEL_URL: e.url, UA_KEY: 'sandbox-users-api-key', USER_PASS: 'Member-Pass-2026' }),
});

export const fluteWorld = (options: UsersApiEmulatorOptions = {}): Promise<World<UsersApiEmulator>> => startWorld(dialectFixture('flute', options));

/** `panelops import --panel ua` into the world's manifest directory; the exit code and stderr. */
export async function importInto(world: World<UsersApiEmulator>): Promise<{ code: number; stderr: string }> {
  const c = captureRuntime(world.env);
  const code = await importCommand(c.rt, { dir: world.manifests, stateDir: world.stateDir, panel: 'ua', kind: [], selector: [], names: [], adopt: true });
  return { code, stderr: c.stderr() };
}

export const userYaml = (name: string, spec: string) => `apiVersion: usersapi.panelops.io/v1
kind: User
metadata: { name: ${name} }
spec: { ${spec} }
`;
