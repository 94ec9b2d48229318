import type { StateBackend } from '../state/backend.ts';
import { LockError, StateError } from '../state/backend.ts';
import { openStateBackend, type StateChoice } from '../state/open-backend.ts';
import { CliError } from './exit-codes.ts';
import type { Runtime } from './runtime.ts';

/** Opens the state backend the options name, runs `fn`, and closes it whatever happens. Damaged state is a clear CLI error. */
export async function withState<T>(rt: Runtime, choice: StateChoice, fn: (state: StateBackend) => Promise<T>): Promise<T> {
  const state = await openStateBackend(choice, rt.env).catch((err: unknown) => Promise.reject(asCliError(err)));
  try {
    return await fn(state);
  } catch (err) {
    throw asCliError(err);
  } finally {
    await state.close();
  }
}

// A damaged state or a lock refused (`state unlock` of a live one) is one line, never a stack trace.
const asCliError = (err: unknown): unknown => (err instanceof StateError || err instanceof LockError ? new CliError(err.message) : err);
