import type { PanelConfig } from './types.ts';

/** The username and password a panel's manifest must give; a clear error naming the panel otherwise. */
export function loginOf(panel: PanelConfig): { username: string; password: string } {
  const { username, password } = panel.auth;
  if (!username || !password) throw new Error(`panel ${panel.name}: auth.username and auth.password are required`);
  return { username, password };
}
