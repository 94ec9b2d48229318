import type { MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';

/** What a user made by hand carries, and no manifest ever asked for: 1 GiB, vmess only. */
export const BY_HAND_LIMIT = 2 ** 30;

/**
 * Someone makes a user by hand in the crash window, under a name a killed run had journaled
 * a create for (replacing the object, if that run's create landed): same name, other fields.
 * Made through the emulator's state, so no fault of the run being tested gets in the way.
 */
export function makeByHand(mz: MarzbanEmulator, username: string, like: string): void {
  const template = mz.state.findUser(like);
  if (!template) throw new Error(`no user ${like} to copy`);
  const existing = mz.state.findUser(username);
  if (existing) mz.state.deleteUser(existing);
  const vmess = template.proxies.vmess ?? { id: '7f4c2a6e-0c8b-4d4e-9c55-4d1b0b3e1f00' };
  mz.state.putUser({ ...template, username, proxies: { vmess: { ...vmess, id: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed' } }, excluded: new Set(), data_limit: BY_HAND_LIMIT, note: 'made by hand', created_at: Date.now(), edit_at: Date.now(), used_traffic: 0, credentialRotations: 0 });
}

/** 1 when the hand-made user is gone or no longer what its maker left: panelops touched it. */
export function byHandLost(mz: MarzbanEmulator, username: string): number {
  const u = mz.state.findUser(username);
  return u && u.data_limit === BY_HAND_LIMIT && u.note === 'made by hand' ? 0 : 1;
}
