import type { OpenPanelEmulator } from '../emulators/openpanel/index.ts';
import type { UsersApiEmulator } from '../emulators/users-api/index.ts';

/** Accounts and members that existed before panelops, left alone by the demo. */
export function seedHostingSandbox(openpanel: OpenPanelEmulator, usersApi: UsersApiEmulator): void {
  openpanel.seedAccounts(5, { prefix: 'legacy' });
  usersApi.seedUsers(10, { prefix: 'member' });
}

/** Sandbox credentials and the secrets the OpenPanel and Users API examples read. */
export const HOSTING_SANDBOX_ENV: Record<string, string> = {
  OPENPANEL_USERNAME: 'admin',
  OPENPANEL_PASSWORD: 'sandbox-op-pass',
  OP_BAKERY_PASSWORD: 'Sandbox-Bakery-2026!',
  OP_LAWFIRM_PASSWORD: 'Sandbox-Lawfirm-2026!',
  OP_OLDSHOP_PASSWORD: 'Sandbox-Oldshop-2026!',
  USERS_API_KEY: 'sandbox-users-api-key',
  USERS_API_DEFAULT_PASSWORD: 'Sandbox-Member-2026',
};
