import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Who holds `state/<panel>.lock`. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  command: string;
  revision?: string;
}

export class LockError extends Error {
  constructor(
    message: string,
    readonly holder?: LockHolder,
  ) {
    super(message);
    this.name = 'LockError';
  }
}

const lockPath = (dir: string, panel: string) => join(dir, `${panel}.lock`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLock(dir: string, panel: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(lockPath(dir, panel), 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

const describe = (h: LockHolder) => `pid ${h.pid} on ${h.host} (${h.command}${h.revision ? `, revision ${h.revision}` : ''}) since ${h.since}`;

/**
 * One writer per panel: the lock file is created exclusively. A held lock is waited for up
 * to `timeoutMs`, then refused naming its holder. A lock whose process is dead (same host)
 * is reported with the command that clears it, never broken silently: a crashed run may
 * have left operations for the journal to settle.
 */
export async function acquireLock(
  dir: string,
  panel: string,
  holder: Omit<LockHolder, 'pid' | 'host' | 'since'>,
  options: { timeoutMs: number; pollMs?: number; onWait?: (h: LockHolder) => void },
): Promise<() => Promise<void>> {
  const mine: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), ...holder };
  const deadline = Date.now() + options.timeoutMs;
  let announced = false;
  await mkdir(dir, { recursive: true });
  for (;;) {
    try {
      const file = await open(lockPath(dir, panel), 'wx');
      await file.writeFile(`${JSON.stringify(mine)}\n`);
      await file.close();
      return async () => {
        const current = await readLock(dir, panel);
        if (current?.pid === mine.pid && current.since === mine.since) await rm(lockPath(dir, panel), { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const other = await readLock(dir, panel);
    if (other && other.host === mine.host && !alive(other.pid)) {
      throw new LockError(`panel ${panel} is locked by ${describe(other)}, which is no longer running. Check "panelops state list", then clear it with: panelops state unlock ${panel} --state-dir ${dir}`, other);
    }
    if (Date.now() >= deadline) {
      throw new LockError(`panel ${panel} is locked by ${other ? describe(other) : 'another run'}; gave up after ${Math.round(options.timeoutMs / 1000)} s (--lock-timeout)`, other);
    }
    if (other && !announced) options.onWait?.(other);
    announced = true;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 200));
  }
}

export async function removeLock(dir: string, panel: string): Promise<boolean> {
  const existed = (await readLock(dir, panel)) !== undefined;
  await rm(lockPath(dir, panel), { force: true });
  return existed;
}
