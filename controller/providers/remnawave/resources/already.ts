import { RemnawaveError } from '../client.ts';

/** Runs an action whose "already in that state" refusal (A029 / A030 and the like) means it is done. */
export async function unlessAlready(action: Promise<unknown>, codes: readonly string[]): Promise<void> {
  try {
    await action;
  } catch (error) {
    if (error instanceof RemnawaveError && error.code !== undefined && codes.includes(error.code)) return;
    throw error;
  }
}
