import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../sandbox/start-sandbox.ts';
import { applyCommand } from './apply-command.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { planCommand } from './plan-command.ts';
import type { Runtime } from './runtime.ts';

/**
 * The README's first command: emulated panels, then plan → apply → plan over the examples.
 * The second plan must be empty; anything else is a failure worth exit 1.
 */
export async function demoCommand(rt: Runtime, options: { dir: string; stateDir?: string }): Promise<ExitCode> {
  const sandbox = await startSandbox();
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'panelops-demo-')));
  const demoRt: Runtime = { ...rt, env: { ...rt.env, ...sandbox.env } };
  const step = (title: string) => rt.stdout.write(`\n${rt.color ? '\u001b[1m' : ''}== ${title} ==${rt.color ? '\u001b[0m' : ''}\n\n`);
  try {
    rt.stdout.write(`Sandbox panels: ${sandbox.panels.map((p) => `${p.name} at ${p.url}`).join(', ')}\nState: ${stateDir}\n`);
    step('1. plan: what the examples would change');
    const first = await planCommand(demoRt, { dir: options.dir, stateDir, format: 'text' });
    if (first !== EXIT.changes && first !== EXIT.ok) return first;
    step('2. apply');
    const applied = await applyCommand(demoRt, { dir: options.dir, stateDir, autoApprove: true });
    if (applied !== EXIT.ok) return applied;
    step('3. plan again: the panels now match the manifests');
    const second = await planCommand(demoRt, { dir: options.dir, stateDir, format: 'text' });
    if (second !== EXIT.ok) {
      rt.stderr.write('The second plan is not empty: the apply did not converge.\n');
      return EXIT.error;
    }
    rt.stdout.write('\nDemo finished: applied, and a second plan has no changes.\n');
    return EXIT.ok;
  } finally {
    await sandbox.close();
    if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
  }
}
