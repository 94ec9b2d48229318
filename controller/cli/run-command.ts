import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findManifestFiles } from '../manifest/manifest-files.ts';
import { parseDurationSeconds } from '../manifest/units.ts';
import { Metrics } from '../metrics/metrics.ts';
import { notificationCounter } from '../notify/notification-metrics.ts';
import { Notifications } from '../notify/notifications.ts';
import { startControllerServer } from '../run/http-server.ts';
import { ReconcileLoop } from '../run/loop.ts';
import { Reconciler } from '../run/reconciler.ts';
import { DirSource } from '../source/dir-source.ts';
import { GitSource } from '../source/git-source.ts';
import type { ManifestSource } from '../source/types.ts';
import type { StateBackend } from '../state/backend.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import type { Runtime } from './runtime.ts';
import { withState } from './with-state.ts';

export interface RunCommandOptions {
  source: string;
  branch: string;
  path?: string;
  interval: string;
  listen: string;
  stateDir: string;
  state?: string | undefined;
  replica?: string | undefined;
  /** Where a git source is checked out (default: `<state-dir>/source`), apart from the state when that is in PostgreSQL. */
  checkoutDir?: string | undefined;
  /** Every panel in observe mode: CI is the branch's one applier. */
  observe?: boolean | undefined;
}

const isGitUrl = (s: string) => /^(?:https?|ssh|git|file):\/\/|^git@|\.git$/.test(s);

function parseListen(listen: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(listen);
  if (!m) throw new CliError(`--listen expects [host]:port, got "${listen}"`);
  return { host: m[1] || '0.0.0.0', port: Number(m[2]) };
}

function sourceOf(options: RunCommandOptions, env: NodeJS.ProcessEnv): ManifestSource {
  if (!isGitUrl(options.source)) return new DirSource(options.source);
  const username = env.PANELOPS_GIT_USERNAME;
  const token = env.PANELOPS_GIT_TOKEN;
  return new GitSource({
    url: options.source,
    branch: options.branch,
    ...(options.path ? { path: options.path } : {}),
    checkoutDir: options.checkoutDir ?? join(options.stateDir, 'source'),
    ...(token ? { credentials: { username: username ?? 'git', token } } : {}),
  });
}

/**
 * Where the container's health check finds the endpoints, whatever `--listen` said: a file in
 * the temporary directory. Best effort: a read-only /tmp only loses the health check.
 */
async function recordListenAddress(server: Server, host: string): Promise<void> {
  const { port } = server.address() as AddressInfo;
  const reach = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  await writeFile(join(tmpdir(), 'panelops-listen'), `http://${reach}:${port}\n`).catch(() => undefined);
}

/** `panelops run`: the controller loop with its HTTP endpoints, until SIGTERM / SIGINT. */
export async function runCommand(rt: Runtime, options: RunCommandOptions): Promise<ExitCode> {
  const intervalMs = parseDurationSeconds(options.interval) * 1000;
  if (!(intervalMs > 0)) throw new CliError(`--interval must be positive, got "${options.interval}"`);
  return withState(rt, options, (state) => runController(rt, options, intervalMs, state));
}

/**
 * A directory source must hold manifests when the controller starts: a container whose
 * /manifests was never mounted would otherwise report ready while managing nothing.
 */
async function checkDirectorySource(dir: string): Promise<void> {
  const hint = 'mount the manifests there (docker run -v "$PWD/manifests:/manifests:ro" ...) or give --source DIR|GIT-URL';
  if (!existsSync(dir)) throw new CliError(`the manifest directory ${resolve(dir)} does not exist: ${hint}`);
  const { files } = await findManifestFiles(dir);
  if (files.length === 0) throw new CliError(`the manifest directory ${resolve(dir)} holds no manifest (*.yaml, *.yml, *.json): ${hint}`);
}

async function runController(rt: Runtime, options: RunCommandOptions, intervalMs: number, state: StateBackend): Promise<ExitCode> {
  if (!isGitUrl(options.source)) await checkDirectorySource(options.source);
  const source = sourceOf(options, rt.env);
  const metrics = new Metrics();
  const notifications = new Notifications({ logger: rt.logger, onResult: notificationCounter(metrics.registry) });
  const reconciler = new Reconciler({ source, registry: rt.registry, logger: rt.logger, metrics, state, env: rt.env, notifier: notifications, observe: options.observe === true, ...(options.replica ? { replica: options.replica } : {}) });
  const loop = new ReconcileLoop(reconciler, { intervalMs, logger: rt.logger });
  const { server, url } = await startControllerServer(parseListen(options.listen), {
    metrics,
    reconciler,
    webhookSecret: rt.env.PANELOPS_WEBHOOK_SECRET,
    onWebhook: () => loop.trigger('webhook'),
  }).catch((err: unknown) => Promise.reject(new CliError(err instanceof Error ? err.message : String(err))));
  await recordListenAddress(server, parseListen(options.listen).host);
  source.watch(() => loop.trigger('source changed'));
  rt.stdout.write(`panelops controller: ${source.description}, every ${options.interval}, listening on ${url}\n`);
  loop.start();

  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  rt.stdout.write('stopping: finishing operations in flight...\n');
  await loop.stop();
  // Messages still waiting get a few seconds: a receiver that is down must not hold the exit.
  await notifications.drain(5_000);
  await reconciler.release();
  await source.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rt.stdout.write('stopped; state saved\n');
  return EXIT.ok;
}
