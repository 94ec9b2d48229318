import { runImport } from '../import/run-import.ts';
import { parseTargets } from '../engine/target.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import { loadOrFail, type Runtime } from './runtime.ts';
import { withState } from './with-state.ts';
import type { ManifestSet } from '../manifest/manifest-set.ts';
import type { PanelConfig } from '../contract/panel.ts';

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
  /** With --kind Subscriber: `NEW=tags`, a Placement of every imported subscriber on NEW. */
  placeOn?: string[];
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
  if (options.kind.includes('Subscriber')) return importSubscribersCommand(rt, options, manifests, panel, out);
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

/** `import --kind Subscriber`: the panel's users as subscribers (controller/fleet/). */
async function importSubscribersCommand(rt: Runtime, options: ImportCommandOptions, manifests: ManifestSet, panel: PanelConfig, out: string): Promise<ExitCode> {
  const { importSubscribers, SubscriberImportError } = await import('../fleet/import-subscribers.ts');
  const result = await withState(rt, options, (state) =>
    importSubscribers(
      {
        panel,
        manifests,
        out,
        state,
        target: parseTargets(options.selector.map((s) => (s.includes(':') ? s : `${panel.name}:${s}`))),
        adopt: options.adopt,
        placeOn: options.placeOn ?? [],
        progress: (line) => rt.stderr.write(`  ${line}\n`),
      },
      { registry: rt.registry, logger: rt.logger },
    ).catch((err: unknown) => Promise.reject(err instanceof SubscriberImportError ? new CliError(err.message) : err)),
  );
  for (const f of result.files) rt.stdout.write(`wrote ${f}\n`);
  rt.stdout.write(`Imported ${result.imported} subscriber(s)${result.skipped ? `, skipped ${result.skipped}` : ''}; run plan to see what each placement changes and what does not carry over.\n`);
  return EXIT.ok;
}
