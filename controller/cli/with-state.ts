import type { StateBackend } from '../state/backend.ts';
import { LockError, StateError } from '../state/backend.ts';
import { openStateBackend, resolveState, type StateChoice } from '../state/open-backend.ts';
import { CliError } from './exit-codes.ts';
import type { Runtime } from './runtime.ts';

/**
 * Opens the state backend the options name, runs `fn`, and closes it whatever happens. Damaged
 * state is a clear CLI error. The command's first line (stderr, so stdout stays the plan or the
 * listing) names the state and what chose it: a run never writes into a state unseen.
 */
export async function withState<T>(rt: Runtime, choice: StateChoice, fn: (state: StateBackend) => Promise<T>): Promise<T> {
  const state = await openStateBackend(choice, rt.env).catch((err: unknown) => Promise.reject(asCliError(err)));
  rt.stderr.write(`State: ${state.description} (${resolveState(choice, rt.env).chosenBy})\n`);
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
