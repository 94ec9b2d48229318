/** Exit codes shared by every command (design §2). */
export const EXIT = {
  ok: 0,
  /** An error, an invalid manifest, or an apply with failed operations. */
  error: 1,
  /** `plan`: there are changes to apply. */
  changes: 2,
  /** A guard blocked the plan: nothing was applied. */
  blocked: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An expected failure: its message is printed as it is, without a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
