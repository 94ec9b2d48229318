#!/usr/bin/env node
import '../shared/memory-settings.ts';
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import type { PlanFormat } from './plan-output.ts';
import type { createRuntime as CreateRuntime } from './runtime.ts';
import { addTrustOptions, type TrustOptions } from './trust-options.ts';

type RuntimeOptions = Parameters<typeof CreateRuntime>[0];

/** Read once from package.json next to the sources (or the installed package). */
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const count = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
};
const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface GlobalOptions {
  logLevel?: string;
  color: boolean;
}

/** Builds the command tree; `run` executes one command and turns failures into exit codes. */
export function buildProgram(run: (action: () => Promise<ExitCode>) => Promise<void>): Command {
  const program = new Command('panelops')
    .description('Declarative GitOps for VPN and hosting panels: Marzban, 3x-ui, OpenPanel and Users API.')
    .option('--log-level <level>', 'JSON log level on stderr (silent, error, warn, info, debug)')
    .option('--no-color', 'plain text output')
    .version(PACKAGE_VERSION, '-V, --version', 'print the panelops version')
    .showHelpAfterError();
  // Commands and the runtime (every provider, every schema) load only when a command runs:
  // `--version` and `--help` start in a fraction of the time.
  const createRuntime = async (options: RuntimeOptions) => (await import('./runtime.ts')).createRuntime(options);
  const rt = () => createRuntime(program.opts<GlobalOptions>());
  const dirOption = () => new Option('-f, --dir <dir>', 'manifest directory').default('manifests');
  const stateOption = () => new Option('--state-dir <dir>', 'inventory, journal and locks in files here (one machine); wins over PANELOPS_STATE').default('state');
  // PANELOPS_STATE is read when neither flag is given (open-backend.ts): an explicit flag wins over it.
  const stateUrlOption = () => new Option('--state <url>', 'shared state: postgres://user@host/db (the password from the URL, PGPASSWORD or ?passwordFile=); default: PANELOPS_STATE');
  // Whether --state-dir was typed or left at its default decides whether PANELOPS_STATE applies.
  program.hook('preAction', (_root, command) => {
    if (command.getOptionValueSource('stateDir') === 'cli') command.setOptionValue('stateDirGiven', true);
  });

  addTrustOptions(program
    .command('validate')
    .description('check manifests: schemas, units, secrets and references (no panel is contacted)')
    .addOption(dirOption()))
    .action((o: { dir: string } & TrustOptions) => run(async () => (await import('./validate-command.ts')).validateCommand(await rt(), o.dir, o)));

  addTrustOptions(program
    .command('plan')
    .description('observe the panels and show what apply would change (exit 0 none, 2 changes, 1 error, 3 blocked)')
    .addOption(dirOption()))
    .addOption(stateOption())
    .addOption(stateUrlOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--out <file>', 'save the plan (JSON) for "apply FILE"; with --format markdown, the comment body')
    .option('--target <selector>', 'only [panel:]Kind[/key], globs allowed; repeatable', collect, [])
    .option('--allow-deletes <n>', 'lift the delete guards for up to N deletes in this run', count)
    .option('--allow-credential-changes', 'let subscribers whose live keys differ be re-keyed in this run (cuts off whoever uses the old keys)', false)
    .action((o: { dir: string; stateDir: string; state?: string; format: PlanFormat; out?: string; target: string[]; allowDeletes?: number; allowCredentialChanges: boolean } & TrustOptions) =>
      run(async () => (await import('./plan-command.ts')).planCommand(await rt(), { ...o })),
    );

  program
    .command('show <planfile>')
    .description('print a saved plan (plan --out FILE) as text, markdown or json; no panel is contacted')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action((planFile: string, o: { format: PlanFormat }) => run(async () => (await import('./show-command.ts')).showCommand(await rt(), planFile, o.format)));

  program
    .command('apply [planfile]')
    .description('apply a fresh plan, or exactly a saved one (refused if anything it touches changed)')
    .addOption(dirOption())
    .addOption(stateOption())
    .addOption(stateUrlOption())
    .option('--auto-approve', 'do not ask for confirmation', false)
    .option('--target <selector>', 'only [panel:]Kind[/key], globs allowed; repeatable', collect, [])
    .option('--allow-deletes <n>', 'lift the delete guards for up to N deletes in this run', count)
    .option('--max-ops <n>', 'apply at most N operations in this run', count)
    .option('--allow-credential-changes', 'let subscribers whose live keys differ be re-keyed in this run (cuts off whoever uses the old keys)', false)
    .option('--lock-timeout <seconds>', 'wait this long for another run holding a panel lock', count, 60)
    .option('--notify', "send this run's events through the Notifier documents of the manifests", false)
    .option('--notify-timeout <seconds>', 'with --notify: wait at most this long for the messages to be delivered', count, 10)
    .option('--revision <sha>', 'the git revision history records (default: GITHUB_SHA / CI_COMMIT_SHA, else the checkout of -f)')
    .option('--author <name>', "the revision's author history records (default: GITHUB_ACTOR / CI_COMMIT_AUTHOR, else the commit's)")
    .option('--continue-waves', 'with a Rollout: go on to the next wave once one checks out, instead of stopping after it', false)
    .action((planFile: string | undefined, o: { dir: string; stateDir: string; state?: string; autoApprove: boolean; target: string[]; allowDeletes?: number; allowCredentialChanges: boolean; maxOps?: number; lockTimeout: number; notify: boolean; notifyTimeout: number; revision?: string; author?: string; continueWaves: boolean }, cmd: Command) =>
      run(async () => (await import('./apply-command.ts')).applyCommand(await rt(), { ...o, lockTimeoutMs: o.lockTimeout * 1000, notifyTimeoutMs: o.notifyTimeout * 1000, ...(planFile ? { planFile } : {}), dirGiven: cmd.getOptionValueSource('dir') === 'cli' })),
    );

  program
    .command('run')
    .description('the controller: follow a directory or git branch, reconcile on change and on an interval, serve /metrics')
    .option('--source <dir|git-url>', 'manifest directory or git repository', 'manifests')
    .option('--branch <branch>', 'git branch to follow', 'main')
    .option('--path <dir>', 'sub-directory of the repository holding the manifests')
    .option('--interval <duration>', 'reconcile at least this often (30s, 5m, 1h)', '5m')
    .option('--listen <[host]:port>', 'HTTP endpoints', ':9464')
    .addOption(new Option('--replica <id>', 'this replica\'s name in /status and the metrics (default: host-pid)').env('PANELOPS_REPLICA'))
    .option('--observe', 'plan and report every panel, never write (when CI applies the branch)', false)
    .addOption(stateOption())
    .addOption(stateUrlOption())
    .option('--checkout-dir <dir>', 'where a git source is checked out (default: <state-dir>/source)')
    .action((o: { source: string; branch: string; path?: string; interval: string; listen: string; stateDir: string; state?: string; replica?: string; checkoutDir?: string; observe: boolean }) =>
      run(async () => (await import('./run-command.ts')).runCommand(await createRuntime({ ...program.opts<GlobalOptions>(), logLevel: program.opts<GlobalOptions>().logLevel ?? 'info' }), o)),
    );

  program
    .command('import')
    .description('write manifests for the live objects of a panel and adopt them (owned from now on)')
    .requiredOption('--panel <name>', 'the Panel (its manifest must exist under --dir)')
    .addOption(dirOption())
    .addOption(stateOption())
    .addOption(stateUrlOption())
    .option('--kind <kind>', 'only this kind; repeatable', collect, [])
    .option('--out <dir>', 'where to write the manifests (default: --dir)')
    .option('--selector <selector>', 'only Kind[/key] matching these globs; repeatable', collect, [])
    .option('--name <key>', 'read this object even where the panel cannot list (OpenPanel accounts); repeatable', collect, [])
    .option('--no-adopt', 'write manifests only; do not record the objects as owned')
    .option('--place-on <panel=tags>', 'with --kind Subscriber: also place every imported subscriber on this panel (a Placement), e.g. fi-2=vless-reality,trojan-tls or nl-1=vless:VLESS TCP REALITY', collect, [])
    .action((o: { panel: string; dir: string; stateDir: string; state?: string; kind: string[]; out?: string; selector: string[]; name: string[]; adopt: boolean; placeOn: string[] }) =>
      run(async () => (await import('./import-command.ts')).importCommand(await rt(), { ...o, names: o.name })),
    );

  program
    .command('history [ref]')
    .description('what panelops applied, newest first: [panel:]Kind/key, or everything')
    .addOption(stateOption())
    .addOption(stateUrlOption())
    .option('--panel <name>', 'one panel only')
    .option('--since <duration>', 'only this recent (7d, 12h)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((ref: string | undefined, o: { stateDir: string; state?: string; panel?: string; since?: string; format: 'text' | 'json' }) =>
      run(async () => (await import('./history-command.ts')).historyCommand(await rt(), ref, o)),
    );

  const state = program.command('state').description('look into and correct the inventory (what panelops owns)');
  state
    .command('list')
    .addOption(stateOption())
    .addOption(stateUrlOption())
    .option('--panel <name>', 'one panel only')
    .action((o: { stateDir: string; state?: string; panel?: string }) => run(async () => (await import('./state-command.ts')).stateList(await rt(), o, o.panel)));
  state
    .command('show <ref>')
    .description('one entry: [panel:]Kind/key')
    .addOption(stateOption())
    .addOption(stateUrlOption())
    .option('--panel <name>', 'the panel, when not in the reference')
    .action((ref: string, o: { stateDir: string; state?: string; panel?: string }) => run(async () => (await import('./state-command.ts')).stateShow(await rt(), o, ref, o.panel)));
  state
    .command('forget <ref>')
    .description('stop owning an object ([panel:]Kind/key); the panel is not touched')
    .addOption(stateOption())
    .addOption(stateUrlOption())
    .option('--panel <name>', 'the panel, when not in the reference')
    .action((ref: string, o: { stateDir: string; state?: string; panel?: string }) => run(async () => (await import('./state-command.ts')).stateForget(await rt(), o, ref, o.panel)));

  state
    .command('unlock <panel>')
    .description('remove a lock left by a run that died (check "state list" first)')
    .addOption(stateOption())
    .addOption(stateUrlOption())
    .action((panel: string, o: { stateDir: string; state?: string }) => run(async () => (await import('./state-command.ts')).stateUnlock(await rt(), o, panel)));
  state
    .command('migrate')
    .description('copy every inventory from one state to another (refused while a journal is unsettled or a lock is held)')
    .requiredOption('--from <dir|url>', 'the state to copy from: a directory or postgres:// URL')
    .requiredOption('--to <dir|url>', 'the state to copy to')
    .action((o: { from: string; to: string }) => run(async () => (await import('./state-migrate-command.ts')).stateMigrate(await rt(), o.from, o.to)));

  program
    .command('notify')
    .description('notifications (Notifier documents)')
    .command('test')
    .description('send a test message through every Notifier, or the one named (exit 1 if one fails)')
    .addOption(dirOption())
    .option('--notifier <name>', 'only this Notifier')
    .action((o: { dir: string; notifier?: string }) => run(async () => (await import('./notify-command.ts')).notifyTestCommand(await rt(), o.dir, o.notifier)));

  program
    .command('sandbox')
    .description('run emulated panels on loopback with seed data until Ctrl+C')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'first port (0: any free ports)', count, 18000)
    .action((o: { host: string; port: number }) => run(async () => (await import('./sandbox-command.ts')).sandboxCommand(await rt(), o)));

  program
    .command('demo')
    .description('sandbox + plan, apply and plan again over the examples')
    .option('-f, --dir <dir>', 'manifest directory (default: the panel examples under examples/)')
    .option('--state-dir <dir>', 'keep state here (default: a temporary directory)')
    .action((o: { dir?: string; stateDir?: string }) => run(async () => (await import('./demo-command.ts')).demoCommand(await rt(), o)));
  return program;
}

async function runCommand(action: () => Promise<ExitCode>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`Error: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT.error;
  }
}

await buildProgram(runCommand).parseAsync(process.argv);
