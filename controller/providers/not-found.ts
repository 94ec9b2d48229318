import { PanelError } from './errors.ts';

/** A read that answers 404 means "absent", not a failure. */
export async function orUndefinedOn404<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof PanelError && error.status === 404) return undefined;
    throw error;
  }
}
