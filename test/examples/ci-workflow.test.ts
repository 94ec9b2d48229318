import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../controller/sandbox/start-sandbox.ts';
import { TempRepo } from '../controller/git-repo.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { createTestDatabase, type TestDatabase } from '../state/postgres-database.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PANEL_FOLDERS = ['marzban', '3x-ui', 'openpanel', 'users-api', 'pasarguard', 'remnawave'];

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: { script?: string };
}
interface Workflow {
  env: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

/** A step's shell, as GitHub's runner starts it: bash -e, in the workspace, with the job's env. */
function runStep(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The github-script step's script, run with a pull request that has no comment yet. */
async function runCommentScript(script: string, cwd: string): Promise<Array<{ call: string; body: string }>> {
  const calls: Array<{ call: string; body: string }> = [];
  const record = (call: string) => async (args: { body?: string }) => void calls.push({ call, body: args.body ?? '' });
  const github = {
    paginate: async () => [],
    rest: { issues: { listComments: () => undefined, createComment: record('create'), updateComment: record('update'), deleteComment: record('delete') } },
  };
  const context = { repo: { owner: 'acme', repo: 'panels' }, issue: { number: 7 } };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
  const fs = { readdirSync: () => readdir(cwd), readFileSync: (f: string) => readFile(join(cwd, f), 'utf8') };
  // The script reads files synchronously; give it the listing and the bodies read beforehand.
  const listing = await fs.readdirSync();
  const bodies = new Map(await Promise.all(listing.map(async (f) => [f, f.startsWith('plan.md') ? await fs.readFileSync(f) : ''] as const)));
  const require = (name: string) => (name === 'fs' ? { readdirSync: () => listing, readFileSync: (f: string) => bodies.get(f) ?? '' } : undefined);
  await new AsyncFunction('require', 'github', 'context', script)(require, github, context);
  return calls;
}

/**
 * examples/ci/panelops-pr.yml, run as written on the project's own example fleet: its secrets
 * point at the sandbox's emulated panels and a PostgreSQL state, `npx --yes panelops` is this
 * checkout, the two checkouts are the examples' panel folders.
 */
describe('the pull-request workflow of examples/ci on the shipped examples', { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let db: TestDatabase;
  let dir: { path: string; cleanup(): Promise<void> };
  let workflow: Workflow;
  let head: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ basePort: 0 });
    db = await createTestDatabase('ci_workflow');
    dir = await tempDir();
    workflow = parse(await readFile(join(ROOT, 'examples', 'ci', 'panelops-pr.yml'), 'utf8')) as Workflow;
    for (const checkout of ['base', 'pr']) {
      for (const folder of PANEL_FOLDERS) await cp(join(ROOT, 'examples', folder), join(dir.path, 'workspace', checkout, 'manifests', folder), { recursive: true });
    }
    // actions/checkout leaves a git work tree at the pull request's head.
    head = await (await TempRepo.init(join(dir.path, 'workspace', 'pr'))).commit({}, 'the pull request');
    // `npx --yes panelops ...` runs this checkout's CLI from its sources (as the other CLI tests do).
    await mkdir(join(dir.path, 'bin'));
    await writeFile(join(dir.path, 'bin', 'npx'), `#!/bin/sh\n[ "$1" = --yes ] && shift\n[ "$1" = panelops ] && shift\nexec "${process.execPath}" --import "${pathToFileURL(createRequire(import.meta.url).resolve('tsx'))}" "${join(ROOT, 'controller', 'cli', 'main.ts')}" "$@"\n`);
    await chmod(join(dir.path, 'bin', 'npx'), 0o755);
  }, 180_000);
  afterAll(async () => {
    await sandbox?.close();
    await db?.drop();
    await dir?.cleanup();
  });

  it('validates, plans and comments, with every variable it reads set from its own env block', async () => {
    const secrets: Record<string, string> = { ...sandbox.env, PANELOPS_STATE: db.url };
    const env: Record<string, string> = { PATH: `${join(dir.path, 'bin')}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '', NO_COLOR: '1' };
    for (const [name, value] of Object.entries(workflow.env)) {
      const secret = /^\$\{\{ secrets\.(\w+) \}\}$/.exec(value)?.[1];
      expect(secret, `${name} comes from a secret`).toBeDefined();
      expect(secrets[secret!], `the sandbox has a value for ${secret}`).toBeDefined();
      env[name] = secrets[secret!]!;
    }
    // Every variable the examples read is in the workflow's env (the sandbox sets exactly those).
    expect(Object.keys(workflow.env).sort()).toEqual(Object.keys(secrets).sort());

    const workspace = join(dir.path, 'workspace');
    const outputs: Record<string, Record<string, string>> = {};
    const ran: string[] = [];
    const job = workflow.jobs['plan-pull-request'];
    expect(job).toBeDefined();
    for (const step of job!.steps) {
      if (step.uses?.startsWith('actions/checkout') || step.uses?.startsWith('actions/setup-node')) continue; // done above
      if (step.if) {
        // The only condition: the plan's exit code.
        const m = /^steps\.(\w+)\.outputs\.exit == '(\d)' \|\| steps\.\1\.outputs\.exit == '(\d)'$/.exec(step.if);
        expect(m, step.if).not.toBeNull();
        const exit = outputs[m![1]!]?.exit;
        if (exit !== m![2] && exit !== m![3]) continue;
      }
      ran.push(step.name ?? step.uses ?? '');
      if (step.uses?.startsWith('actions/github-script')) {
        const calls = await runCommentScript(step.with?.script ?? '', workspace);
        expect(calls.map((c) => c.call)).toEqual(['create']);
        expect(calls[0]?.body).toMatch(/^<!-- panelops-plan part=1 -->/);
        continue;
      }
      expect(step.run, step.name).toBeDefined();
      expect(step.run).not.toContain('${{');
      const output = join(dir.path, `output-${ran.length}`);
      await writeFile(output, '');
      const result = await runStep(step.run!, workspace, { ...env, GITHUB_OUTPUT: output });
      expect(result.code, `${step.name}:\n${result.out}`).toBe(0);
      if (step.id) outputs[step.id] = Object.fromEntries((await readFile(output, 'utf8')).split('\n').filter(Boolean).map((l) => l.split('=') as [string, string]));
    }
    // The sandbox's panels differ from the examples: the plan has changes (exit 2), no error, no guard.
    expect(outputs.plan?.exit).toBe('2');
    expect(ran).toEqual(['Validate', 'Plan', 'Comment the plan (one comment per pull request, updated in place)']);
    const comment = await readFile(join(workspace, 'plan.md'), 'utf8');
    expect(comment).toContain(`Planned at commit \`${head}\`.`);
    for (const panel of sandbox.panels) expect(comment).toMatch(new RegExp(`<summary>${panel.name}: \\d+ to create`));
    const secretValues = Object.entries(sandbox.env).filter(([name]) => !/_(URL|USERNAME)$/.test(name)).map(([, v]) => v);
    expect(secretValues.length).toBeGreaterThan(8);
    for (const value of secretValues) expect(comment).not.toContain(value);
  });
});
