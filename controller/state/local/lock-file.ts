import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describeHolder, LockError, StateError, type HeldLock, type LockHolder, type LockRequest, type LockWaitOptions } from '../backend.ts';

export const lockPath = (dir: string, panel: string): string => join(dir, `${panel}.lock`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const isHolder = (v: unknown): v is LockHolder =>
  typeof v === 'object' && v !== null && Number.isInteger((v as LockHolder).pid) && typeof (v as LockHolder).host === 'string' && typeof (v as LockHolder).since === 'string';

/** The holder named in the lock file; a file that names none is a StateError with the unlock hint. */
export async function readLockFile(dir: string, panel: string): Promise<LockHolder | undefined> {
  let text: string;
  try {
    text = await readFile(lockPath(dir, panel), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateError(`${lockPath(dir, panel)}: the lock file cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  // An empty file is a lock being written this instant (open, then write): held, holder not known yet.
  if (text === '') return undefined;
  if (!isHolder(value)) {
    throw new StateError(`${lockPath(dir, panel)}: the lock file is damaged (it names no holder). If no panelops run is working on panel ${panel}, clear it with: panelops state unlock ${panel} --state-dir ${dir}`);
  }
  return value;
}

/** Tries once to create the lock file exclusively: the lock, or undefined when it exists. */
async function createLock(dir: string, panel: string, mine: LockHolder): Promise<HeldLock | undefined> {
  try {
    const file = await open(lockPath(dir, panel), 'wx');
    await file.writeFile(`${JSON.stringify(mine)}\n`);
    await file.close();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw err;
  }
  // A file lock cannot be lost behind its holder's back: its signal never fires.
  const lost = new AbortController().signal;
  return {
    lost,
    release: async () => {
      const current = await readLockFile(dir, panel).catch(() => undefined);
      if (current?.pid === mine.pid && current.since === mine.since) await rm(lockPath(dir, panel), { force: true });
    },
  };
}

const holderFor = (request: LockRequest): LockHolder => ({ pid: process.pid, host: hostname(), since: new Date().toISOString(), ...request });

export async function tryLockFile(dir: string, panel: string, request: LockRequest): Promise<HeldLock | undefined> {
  await mkdir(dir, { recursive: true });
  return createLock(dir, panel, holderFor(request));
}

/**
 * One writer per panel: the lock file is created exclusively. A held lock is waited for up
 * to `timeoutMs`, then refused naming its holder. A lock whose process is dead (same host)
 * is reported with the command that clears it, never broken silently: a crashed run may
 * have left operations for the journal to settle.
 */
export async function acquireLockFile(dir: string, panel: string, request: LockRequest, options: LockWaitOptions): Promise<HeldLock> {
  const mine = holderFor(request);
  const deadline = Date.now() + options.timeoutMs;
  let announced = false;
  await mkdir(dir, { recursive: true });
  for (;;) {
    const held = await createLock(dir, panel, mine);
    if (held) return held;
    const other = await readLockFile(dir, panel);
    if (other && other.host === mine.host && !alive(other.pid)) {
      throw new LockError(`panel ${panel} is locked by ${describeHolder(other)}, which is no longer running. Check "panelops state list", then clear it with: panelops state unlock ${panel} --state-dir ${dir}`, other);
    }
    if (Date.now() >= deadline) {
      // Still empty after the whole wait: no run is writing it, one died while taking it.
      const empty = other ? '' : `. The lock file is empty: a run may have died while taking it. If no panelops run is working on panel ${panel}, clear it with: panelops state unlock ${panel} --state-dir ${dir}`;
      throw new LockError(`panel ${panel} is locked by ${other ? describeHolder(other) : 'another run'}; gave up after ${Math.round(options.timeoutMs / 1000)} s (--lock-timeout)${empty}`, other);
    }
    if (other && !announced) options.onWait?.(other);
    announced = true;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 200));
  }
}

/** Removes the lock file whatever it holds (`state unlock`): the holder it named, if any. */
export async function removeLockFile(dir: string, panel: string): Promise<LockHolder | undefined> {
  const damaged: LockHolder = { pid: 0, host: 'unknown host', since: 'an unknown time', command: 'a damaged lock file' };
  const holder = await readLockFile(dir, panel).catch(() => damaged);
  await rm(lockPath(dir, panel), { force: true });
  return holder;
}
