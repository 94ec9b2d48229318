import { liveKey } from '../../kind-handler.ts';
import type { SessionOp } from '../../types.ts';
import type { OpenPanelContext } from '../context.ts';

/**
 * Applies an account's changes in the only order the panel allows: unsuspend first, then
 * plan and password (both refused or silently ignored on a suspended account, §3.4-§3.5),
 * suspend last. The account is read first (a write to a name the panel could match to another
 * account is refused, §9), and every step is verified by reading it back, because the panel
 * answers 201 to a password change it did not make.
 */
export async function updateAccount({ api, identity }: OpenPanelContext, op: SessionOp): Promise<void> {
  const key = liveKey(op);
  const spec = op.desired?.spec ?? {};
  const changed = new Set(op.changes.map((c) => c.path));
  const suspendedNow = async () => {
    const read = await identity.read(key);
    if (read.kind !== 'found') throw new Error(`Account/${key} no longer exists on the panel`);
    return read.suspended;
  };

  const unsuspend = changed.has('suspended') && spec.suspended === false;
  const before = unsuspend ? await identity.beforeMatchingWrite(key, 'unsuspend') : await identity.beforeWrite(key, 'change it');
  if (before.kind !== 'found') throw new Error(`Account/${key} no longer exists on the panel`);
  if (unsuspend) {
    await api.patchAccount(key, { action: 'unsuspend' });
    const after = await identity.read(key);
    // With its own row gone since the read, the unsuspend renames another account's row (§10.7).
    if (after.kind === 'found' && after.detail.user.id !== before.detail.user.id) {
      throw new Error(`Account/${key}: the unsuspend renamed another account's row (id ${after.detail.user.id}, not ${before.detail.user.id}) to "${key}"; check the server (openpanel.md §10.7)`);
    }
    if (after.kind !== 'found' || after.suspended) throw new Error(`Account/${key}: unsuspend was answered but the account is still suspended`);
  }
  if ((changed.has('plan') || changed.has('password')) && (await suspendedNow())) {
    throw new Error(`Account/${key}: OpenPanel cannot change the plan or password of a suspended account (set suspended: false first)`);
  }
  if (changed.has('plan')) await api.changePlan(key, String(spec.plan));
  if (changed.has('password')) {
    const password = op.desired?.secrets.password;
    if (!password) throw new Error(`Account/${key}: no password to set`);
    await api.patchAccount(key, { password });
    if (await suspendedNow()) throw new Error(`Account/${key}: the password change was answered but not applied (the account is suspended)`);
  }
  if (changed.has('suspended') && spec.suspended === true) {
    await api.patchAccount(key, { action: 'suspend' });
    if (!(await suspendedNow())) throw new Error(`Account/${key}: suspend was answered but the account is not suspended`);
  }
}
