import { PanelError } from '../../errors.ts';
import type { SessionOp } from '../../types.ts';
import type { OpenPanelContext } from '../context.ts';
import { updateAccount } from './account-update.ts';

/**
 * Creates one account. Creates are sent one at a time (opencli holds a global lock while it
 * creates, §9); other operations stay concurrent. A refused create is read back: the row may
 * exist after all, or the panel may have left a half-created account (a Linux user without a
 * row, §9), which makes every later create of that name fail with an empty error.
 */
export async function createAccount(ctx: OpenPanelContext, op: SessionOp): Promise<void> {
  const spec = op.desired?.spec ?? {};
  const password = op.desired?.secrets.password;
  if (!password) throw new Error(`Account/${op.key}: spec.password is required to create an account`);
  await ctx.creates.add(async () => {
    const before = await ctx.identity.beforeWrite(op.key, 'create it');
    if (before.kind === 'found') throw new Error(`Account/${op.key} already exists on the panel`);
    try {
      await ctx.api.createAccount({ username: op.key, email: String(spec.email), password, plan_name: String(spec.plan) });
    } catch (err) {
      if (!(err instanceof PanelError) || err.status !== 500) throw err;
      if ((await ctx.identity.read(op.key)).kind === 'found') return;
      throw halfCreated(ctx, op.key, err);
    }
  });
  if (spec.suspended === true) await updateAccount(ctx, { ...op, changes: [{ path: 'suspended', before: false, after: true }] });
}

function halfCreated(ctx: OpenPanelContext, key: string, cause: PanelError): PanelError {
  const weak = cause.message.includes('Password is too weak');
  const why = weak
    ? 'OpenPanel refused the password after creating the Linux user, so the account is half-created: a Linux user with no panel row'
    : `the panel refused the account without a reason and it does not exist; if an earlier create of "${key}" failed, it may have left a half-created account (a Linux user with no panel row), on which every create fails this way`;
  return new PanelError(`${why}. Remove the leftover Linux user on the server (for example "userdel -r ${key}"; check with "id ${key}"), then run again`, {
    panel: ctx.api.panel,
    subject: `Account/${key}`,
    status: 500,
    retryable: false,
    cause,
  });
}
