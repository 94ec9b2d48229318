import { json, type Reply } from '../kit/index.ts';

/**
 * The `{success,msg,obj}` envelope (3x-ui.md §3): every business error is HTTP 200 with
 * success:false and msg "<action> (<error>)"; errors built by the panel's own helper end
 * in "\n" inside the parentheses, library errors (GORM, encoding/json) do not.
 */
export class XuiError extends Error {
  constructor(
    readonly text: string,
    readonly helper = true,
  ) {
    super(text);
  }

  /** The text as it appears inside the envelope's parentheses. */
  get wire(): string {
    return this.helper ? `${this.text}\n` : this.text;
  }
}

export const ACTION_WRITE = 'Something went wrong';
export const ACTION_READ = 'Obtain';

export const TOAST = {
  clientAdded: 'Inbound client(s) have been added.',
  clientUpdated: 'Inbound client has been updated.',
  clientDeleted: 'Inbound client has been deleted.',
  inboundCreated: 'Inbound has been successfully created.',
  inboundUpdated: 'Inbound has been successfully updated.',
  inboundDeleted: 'Inbound has been successfully deleted.',
  login: 'You have successfully logged into your account.',
  badLogin: 'Invalid username or password or two-factor code.',
} as const;

/** GORM's error: no trailing newline. */
export const recordNotFound = (): XuiError => new XuiError('record not found', false);

export const clientNotFound = (email: string): XuiError =>
  new XuiError(`client "${email}" not found in any inbound or client record`);

export function ok(obj: unknown = null, msg = ''): Reply {
  return json(200, { success: true, msg, obj: obj ?? null });
}

export function fail(action: string, err: XuiError | string, obj: unknown = null): Reply {
  const text = typeof err === 'string' ? err : err.wire;
  return json(200, { success: false, msg: `${action} (${text})`, obj });
}

/** Runs a handler body, turning a thrown XuiError into the success:false envelope. */
export function guarded(action: string, run: () => Reply): Reply {
  try {
    return run();
  } catch (err) {
    if (err instanceof XuiError) return fail(action, err);
    throw err;
  }
}
