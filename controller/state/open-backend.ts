import type { StateBackend } from './backend.ts';
import { LocalState } from './local/index.ts';

export interface StateChoice {
  /** `--state`: a `postgres://` URL (or a directory, like `--state-dir`). */
  state?: string | undefined;
  /** `--state-dir`: the local-files backend's directory. */
  stateDir: string;
}

const isDatabaseUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);

/**
 * `--state URL`, else `PANELOPS_STATE`, else the files under `--state-dir`. The PostgreSQL
 * backend is loaded only when asked for, so a local run never loads a database driver.
 */
export async function openStateBackend(choice: StateChoice, env: NodeJS.ProcessEnv = process.env): Promise<StateBackend> {
  const chosen = choice.state ?? env.PANELOPS_STATE;
  if (chosen && isDatabaseUrl(chosen)) {
    const { openPostgresState } = await import('./postgres/index.ts');
    return openPostgresState(chosen, env);
  }
  return new LocalState(chosen || choice.stateDir);
}
