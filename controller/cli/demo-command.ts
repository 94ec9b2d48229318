import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../sandbox/start-sandbox.ts';
import { applyCommand } from './apply-command.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { planCommand } from './plan-command.ts';
import type { Runtime } from './runtime.ts';

/** The example folders with panel manifests, one per panel type. */
const EXAMPLE_PANELS = ['marzban', '3x-ui', 'openpanel', 'users-api', 'pasarguard', 'remnawave'];
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

/**
 * The README's first command: emulated panels, then plan → apply → plan over the examples.
 * The second plan must be empty; anything else is a failure worth exit 1.
 */
export async function demoCommand(rt: Runtime, options: { dir?: string; stateDir?: string }): Promise<ExitCode> {
  const sandbox = await startSandbox();
  const work = await mkdtemp(join(tmpdir(), 'panelops-demo-'));
  const stateDir = options.stateDir ?? join(work, 'state');
  // examples/ also holds dashboards and deployment files: the demo plans the panel examples only.
  const dir = options.dir ?? join(work, 'manifests');
  if (!options.dir) for (const panel of EXAMPLE_PANELS) await cp(join(EXAMPLES, panel), join(dir, panel), { recursive: true });
  const demoRt: Runtime = { ...rt, env: { ...rt.env, ...sandbox.env } };
  const step = (title: string) => rt.stdout.write(`\n${rt.color ? '\u001b[1m' : ''}== ${title} ==${rt.color ? '\u001b[0m' : ''}\n\n`);
  try {
    rt.stdout.write(`Sandbox panels: ${sandbox.panels.map((p) => `${p.name} at ${p.url}`).join(', ')}\nState: ${stateDir}\n`);
    step('1. plan: what the examples would change');
    const first = await planCommand(demoRt, { dir, stateDir, format: 'text' });
    if (first !== EXIT.changes && first !== EXIT.ok) return first;
    step('2. apply');
    const applied = await applyCommand(demoRt, { dir, stateDir, autoApprove: true, show: 'summary' });
    if (applied !== EXIT.ok) return applied;
    step('3. plan again: the panels now match the manifests');
    const second = await planCommand(demoRt, { dir, stateDir, format: 'text' });
    if (second !== EXIT.ok) {
      rt.stderr.write('The second plan is not empty: the apply did not converge.\n');
      return EXIT.error;
    }
    rt.stdout.write('\nDemo finished: applied, and a second plan has no changes.\n');
    return EXIT.ok;
  } finally {
    await sandbox.close();
    await rm(work, { recursive: true, force: true });
  }
}
