import { StateError, type StateBackend } from './backend.ts';
import { LocalState } from './local/index.ts';

export interface StateChoice {
  /** `--state`: a `postgres://` URL (or a directory, like `--state-dir`), given on the command line. */
  state?: string | undefined;
  /** `--state-dir`: the local-files backend's directory (`state` unless given). */
  stateDir: string;
  /** True when `--state-dir` was given on the command line rather than left at its default. */
  stateDirGiven?: boolean | undefined;
}

/** Where the state is, and what chose it: for the line every command starts with. */
export interface ResolvedState {
  location: string;
  chosenBy: string;
}

const isDatabaseUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);

/**
 * An explicit flag wins over the environment: a one-off `--state-dir` in a CI job or pod that
 * sets `PANELOPS_STATE` must not write into the shared inventory. `--state` and `--state-dir`
 * together name two states, and are refused.
 */
export function resolveState(choice: StateChoice, env: NodeJS.ProcessEnv): ResolvedState {
  if (choice.state && choice.stateDirGiven) throw new StateError(`--state and --state-dir ${choice.stateDir} both name a state: give one of them`);
  if (choice.state) return { location: choice.state, chosenBy: '--state' };
  const fromEnv = env.PANELOPS_STATE;
  if (choice.stateDirGiven) return { location: choice.stateDir, chosenBy: fromEnv ? '--state-dir; PANELOPS_STATE is set and not used' : '--state-dir' };
  if (fromEnv) return { location: fromEnv, chosenBy: 'PANELOPS_STATE' };
  return { location: choice.stateDir, chosenBy: 'the default' };
}

/**
 * `--state URL`, else `--state-dir`, else `PANELOPS_STATE`, else the files under `state/`.
 * The PostgreSQL backend is loaded only when asked for, so a local run never loads a database driver.
 */
export async function openStateBackend(choice: StateChoice, env: NodeJS.ProcessEnv = process.env): Promise<StateBackend> {
  const { location } = resolveState(choice, env);
  if (isDatabaseUrl(location)) {
    const { openPostgresState } = await import('./postgres/index.ts');
    return openPostgresState(location, env);
  }
  return new LocalState(location);
}
