import { startXuiEmulator } from '../emulators/3x-ui/index.ts';
import { startMarzbanEmulator } from '../emulators/marzban/index.ts';
import { startOpenPanelEmulator } from '../emulators/openpanel/index.ts';
import { startPasarGuardEmulator } from '../emulators/pasarguard/index.ts';
import { startUsersApiEmulator } from '../emulators/users-api/index.ts';
import { HOSTING_SANDBOX_ENV, seedHostingSandbox } from './seed-hosting.ts';
import { MARZBAN_EXAMPLE_SECRETS, seedMarzbanSandbox } from './seed-marzban.ts';
import { PASARGUARD_EXAMPLE_SECRETS, PASARGUARD_SANDBOX_LOGIN, seedPasarGuardSandbox } from './seed-pasarguard.ts';
import { startRemnawaveEmulator } from '../emulators/remnawave/index.ts';
import { REMNAWAVE_EXAMPLE_SECRETS, seedRemnawaveSandbox } from './seed-remnawave.ts';
import { seedXuiSandbox, XUI_EXAMPLE_SECRETS, XUI_SANDBOX_TOKEN } from './seed-xui.ts';

/** One emulated panel of the sandbox and the environment variables its example Panel manifest reads. */
export interface SandboxPanel {
  name: string;
  type: string;
  url: string;
  env: Record<string, string>;
}

export interface Sandbox {
  panels: SandboxPanel[];
  /** Every panel's variables in one object, ready to merge into process.env. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  host?: string;
  /** First port; each panel takes the next one. 0: ephemeral ports. */
  basePort?: number;
  seed?: number;
}

/** Starts every emulated panel on loopback with a little pre-existing data, like a real install. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const port = (i: number) => (options.basePort ? options.basePort + i : 0);
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? 7;
  const marzban = await startMarzbanEmulator({ host, port: port(0), seed });
  seedMarzbanSandbox(marzban);
  const xui = await startXuiEmulator({ host, port: port(1), seed, apiToken: XUI_SANDBOX_TOKEN });
  seedXuiSandbox(xui);
  const openpanel = await startOpenPanelEmulator({ host, port: port(2), seed });
  const usersApi = await startUsersApiEmulator({ host, port: port(3), seed });
  seedHostingSandbox(openpanel, usersApi);
  const pasarguard = await startPasarGuardEmulator({ host, port: port(4), seed, owner: PASARGUARD_SANDBOX_LOGIN });
  seedPasarGuardSandbox(pasarguard);
  const remnawave = await startRemnawaveEmulator({ host, port: port(5), seed });
  seedRemnawaveSandbox(remnawave);
  const pick = (...names: string[]) => Object.fromEntries(names.map((n) => [n, HOSTING_SANDBOX_ENV[n] ?? '']));

  const panels: SandboxPanel[] = [
    {
      name: 'marzban',
      type: 'marzban',
      url: marzban.url,
      env: { MARZBAN_URL: marzban.url, MARZBAN_USERNAME: 'admin', MARZBAN_PASSWORD: 'sandbox-admin-pass', ...MARZBAN_EXAMPLE_SECRETS },
    },
    { name: 'xui', type: '3x-ui', url: xui.url, env: { XUI_URL: xui.url, XUI_TOKEN: XUI_SANDBOX_TOKEN, ...XUI_EXAMPLE_SECRETS } },
    {
      name: 'hosting',
      type: 'openpanel',
      url: openpanel.url,
      env: { OPENPANEL_URL: openpanel.url, ...pick('OPENPANEL_USERNAME', 'OPENPANEL_PASSWORD', 'OP_BAKERY_PASSWORD', 'OP_LAWFIRM_PASSWORD', 'OP_OLDSHOP_PASSWORD') },
    },
    { name: 'community', type: 'users-api', url: usersApi.url, env: { USERS_API_URL: usersApi.url, ...pick('USERS_API_KEY', 'USERS_API_DEFAULT_PASSWORD') } },
    {
      name: 'pasarguard',
      type: 'pasarguard',
      url: pasarguard.url,
      env: { PASARGUARD_URL: pasarguard.url, PASARGUARD_USERNAME: PASARGUARD_SANDBOX_LOGIN.username, PASARGUARD_PASSWORD: PASARGUARD_SANDBOX_LOGIN.password, ...PASARGUARD_EXAMPLE_SECRETS },
    },
    { name: 'remnawave', type: 'remnawave', url: remnawave.url, env: { REMNAWAVE_URL: remnawave.url, REMNAWAVE_TOKEN: remnawave.apiToken, ...REMNAWAVE_EXAMPLE_SECRETS } },
  ];
  const closers = [marzban, xui, openpanel, usersApi, pasarguard, remnawave];
  return {
    panels,
    env: Object.assign({}, ...panels.map((p) => p.env)) as Record<string, string>,
    close: async () => {
      await Promise.all(closers.map((c) => c.close()));
    },
  };
}
