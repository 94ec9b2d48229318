import { createInterface } from 'node:readline/promises';
import { CliError } from './exit-codes.ts';

/** Asks on a terminal; without one, refuses: an unattended apply must say --auto-approve. */
export async function confirmApply(input: NodeJS.ReadStream, output: NodeJS.WritableStream): Promise<boolean> {
  if (!input.isTTY) throw new CliError('refusing to apply without confirmation: not a terminal (pass --auto-approve)');
  const rl = createInterface({ input, output });
  try {
    const answer = await rl.question('Apply these changes? Only "yes" is accepted: ');
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}
