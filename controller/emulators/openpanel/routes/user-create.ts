import type { EmuRequest, Reply } from '../../kit/router.ts';
import { FORBIDDEN, passwordScore, validUsername } from '../rules.ts';
import { cliFailure, created, err, jsonBody, type OpContext } from './context.ts';

export const BUSY = '[✘] Error: A user creation process is already running.';

/**
 * `POST /api/users` (§3.2, §9): opencli user-add runs for a while under a global lock, so a
 * second create meanwhile is a 500 "already running". The password is checked only after
 * `useradd`: a weak one leaves a Linux user with no row, and every later create of that name
 * fails at `useradd` with an empty error.
 */
export function createUser(ctx: OpContext) {
  const { state, creation } = ctx;
  return async (req: EmuRequest): Promise<Reply> => {
    const b = jsonBody(req);
    if (!b) return err(400, 'Invalid JSON format');
    const fields = ['email', 'username', 'password', 'plan_name'].map((f) => b[f]);
    if (fields.some((v) => typeof v !== 'string' || v === '')) return err(400, 'Missing required fields');
    const [email = '', rawName = '', password = '', planName = ''] = fields as string[];
    const name = rawName.toLowerCase();
    if (FORBIDDEN.has(name)) return err(400, 'Username is not allowed');
    if (creation.held()) return cliFailure(BUSY);
    creation.take();
    try {
      if (creation.latencyMs > 0) await new Promise((r) => setTimeout(r, creation.latencyMs));
      // Validation failures go to an uncaptured stderr: error is "" (§3.2).
      if (!validUsername(name) || state.taken(name)) return cliFailure();
      const plan = state.planByName(planName);
      if (!plan) return cliFailure();
      if (state.linuxUsers.has(name)) return cliFailure();
      state.linuxUsers.add(name);
      const score = passwordScore(password);
      if (score < ctx.options.passwordStrength) return cliFailure(`ERROR: Password is too weak (strength ${score}/100, minimum required is ${ctx.options.passwordStrength}/100).`);
      state.addAccount(name, email, password, plan.id);
      return created(`[✔] Successfully added user ${name} with password: ${password}`);
    } finally {
      creation.release();
    }
  };
}

/** opencli's creation lock, which tests can also hold "from another session" for a number of refused creates. */
export class CreationLock {
  private running = false;
  private heldFor = 0;

  constructor(readonly latencyMs: number) {}

  held(): boolean {
    if (this.heldFor > 0) {
      this.heldFor -= 1;
      return true;
    }
    return this.running;
  }
  take(): void {
    this.running = true;
  }
  release(): void {
    this.running = false;
  }
  /** Another creation is running: the next `answers` creates are refused as busy. */
  holdFor(answers: number): void {
    this.heldFor = answers;
  }
}
