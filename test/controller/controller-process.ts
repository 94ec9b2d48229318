import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * `panelops run` in a child process; resolves once it prints the address it listens on. From
 * the sources, or with `panelops` the command that starts an installed package's executable
 * (e.g. `[bin]`, or `['unshare', ..., bin]`).
 */
export async function startController(args: string[], env: Record<string, string>, panelops?: string[]): Promise<{ url: string; child: ChildProcess; exited: Promise<number | null>; output: () => string }> {
  const command = [...(panelops ?? [process.execPath, '--import', 'tsx', join(ROOT, 'controller/cli/main.ts')]), 'run', ...args];
  const child = spawn(command[0] ?? '', command.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`controller exited early:\n${out}`));
    });
  });
  return { url, child, exited, output: () => out };
}

/** Polls until `check` passes or the time runs out (then throws with the last failure). */
export async function eventually<T>(check: () => Promise<T>, ms: number, step = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, step));
    }
  }
}
