import { runImport } from '../import/run-import.ts';
import { parseTargets } from '../engine/target.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import { loadOrFail, type Runtime } from './runtime.ts';
import { withState } from './with-state.ts';

export interface ImportCommandOptions {
  dir: string;
  stateDir: string;
  state?: string | undefined;
  panel: string;
  kind: string[];
  out?: string;
  selector: string[];
  names: string[];
  adopt: boolean;
}

/** `import`: live objects → manifests (and adopted into the inventory). */
export async function importCommand(rt: Runtime, options: ImportCommandOptions): Promise<ExitCode> {
  const manifests = await loadOrFail(rt, options.dir);
  const panel = manifests.panels.find((p) => p.name === options.panel);
  if (!panel) {
    const known = manifests.panels.map((p) => p.name).join(', ') || 'none';
    throw new CliError(`panel "${options.panel}" has no Panel manifest under ${manifests.dir} (defined: ${known}); write one first, then import`);
  }
  const out = options.out ?? options.dir;
  rt.stderr.write(`Importing from ${panel.name} (${panel.type}) into ${out}...\n`);
  const result = await withState(rt, options, (state) => runImport(
    {
      panel,
      manifests,
      out,
      state,
      kinds: options.kind,
      target: parseTargets(options.selector.map((s) => (s.includes(':') ? s : `${panel.name}:${s}`))),
      names: options.names,
      adopt: options.adopt,
      progress: (line) => rt.stderr.write(`  ${line}\n`),
    },
    { registry: rt.registry, logger: rt.logger },
  ));
  const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
  for (const f of result.files) rt.stdout.write(`wrote ${f}\n`);
  rt.stdout.write(
    `Imported ${total} object(s)${result.adoptedInPlace ? `, adopted ${result.adoptedInPlace} that already had manifests` : ''}${result.skipped ? `, skipped ${result.skipped} (already owned and in manifests, or not describable)` : ''}; ` +
      (options.adopt ? 'they are owned by panelops from now on.\n' : 'not adopted (--no-adopt): plan will report them as unowned.\n'),
  );
  return EXIT.ok;
}
