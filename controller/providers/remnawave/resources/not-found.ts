import { PanelError } from '../../errors.ts';
import { RemnawaveError } from '../client.ts';

/** A read that answers 404 means "absent", not a failure. */
export async function orUndefinedOn404<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof PanelError && error.status === 404) return undefined;
    throw error;
  }
}

/** Runs an action whose "already in that state" refusal (A029 / A030 and the like) means it is done. */
export async function unlessAlready(action: Promise<unknown>, codes: readonly string[]): Promise<void> {
  try {
    await action;
  } catch (error) {
    if (error instanceof RemnawaveError && error.code !== undefined && codes.includes(error.code)) return;
    throw error;
  }
}
