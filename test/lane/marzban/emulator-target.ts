import { startMarzbanEmulator, type MarzbanEmulatorOptions } from '../../../controller/emulators/marzban/index.ts';
import type { MarzbanVersion } from '../../../controller/emulators/marzban/types.ts';
import { rawCall } from '../http.ts';
import type { LaneSource } from '../suite.ts';
import { runPrefix } from '../target.ts';

const ROOT = { username: 'root', password: 'lane-root-pass' };

/**
 * An emulator set up the way the real servers are (realpanels/marzban/setup.sh): a SQLite
 * (case-sensitive) database whose sudo admin is a database admin; or, with `envSudoer`, the way
 * test/real/compose.yaml starts the published images: the sudo admin from SUDO_USERNAME, not in the database.
 */
export const marzbanEmulatorSource = (version: MarzbanVersion, options: MarzbanEmulatorOptions & { envSudoer?: boolean } = {}): LaneSource => ({
  where: 'emulator',
  version,
  ...(options.envSudoer ? { label: 'env sudoer' } : {}),
  async open() {
    const { envSudoer, ...emulatorOptions } = options;
    if (envSudoer) {
      const emu = await startMarzbanEmulator({ seed: 7, version, caseSensitive: true, sudo: ROOT, ...emulatorOptions });
      return { where: 'emulator', type: 'marzban', version, url: emu.url, auth: ROOT, prefix: runPrefix('pl'), close: () => emu.close() };
    }
    const emu = await startMarzbanEmulator({ seed: 7, version, caseSensitive: true, ...emulatorOptions });
    const login = await rawCall(`${emu.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'sandbox-admin-pass' }) });
    const token = (login.body as { access_token: string }).access_token;
    const made = await rawCall(`${emu.url}/api/admin`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: { ...ROOT, is_sudo: true } });
    if (made.status !== 200) throw new Error(`emulator ${version}: creating the root admin answered ${made.status}`);
    return { where: 'emulator', type: 'marzban', version, url: emu.url, auth: ROOT, prefix: runPrefix('pl'), close: () => emu.close() };
  },
});
