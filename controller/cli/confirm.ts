import { createInterface } from 'node:readline/promises';

/**
 * Asks for "yes". On a terminal the question is asked; off one (a pipe, CI), one line is read
 * from standard input, so `yes | panelops apply` works, and an empty or closed input refuses.
 */
export async function confirmApply(input: NodeJS.ReadStream, output: NodeJS.WritableStream): Promise<boolean> {
  const rl = createInterface({ input, output, terminal: input.isTTY === true });
  try {
    const answer = input.isTTY ? await rl.question('Apply these changes? Only "yes" is accepted: ') : await firstLine(rl);
    if (!input.isTTY && answer === undefined) output.write('No confirmation on standard input: pass --auto-approve for an unattended apply.\n');
    return answer?.trim() === 'yes';
  } finally {
    rl.close();
  }
}

async function firstLine(rl: ReturnType<typeof createInterface>): Promise<string | undefined> {
  for await (const line of rl) return line;
  return undefined;
}
