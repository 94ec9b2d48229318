import { startMarzbanEmulator } from '../emulators/marzban/index.ts';
import { MARZBAN_EXAMPLE_SECRETS, seedMarzbanSandbox } from './seed-marzban.ts';

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

  const panels: SandboxPanel[] = [
    {
      name: 'marzban',
      type: 'marzban',
      url: marzban.url,
      env: { MARZBAN_URL: marzban.url, MARZBAN_USERNAME: 'admin', MARZBAN_PASSWORD: 'sandbox-admin-pass', ...MARZBAN_EXAMPLE_SECRETS },
    },
  ];
  const closers = [marzban];
  return {
    panels,
    env: Object.assign({}, ...panels.map((p) => p.env)) as Record<string, string>,
    close: async () => {
      await Promise.all(closers.map((c) => c.close()));
    },
  };
}
