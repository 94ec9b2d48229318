import { acquireLock, type LockHolder } from '../inventory/lock.ts';

/**
 * Runs `fn` holding the locks of every named panel (in name order, so two runs never wait
 * on each other crosswise). Locks are released whatever happens.
 */
export async function withPanelLocks<T>(
  stateDir: string,
  panels: readonly string[],
  holder: Omit<LockHolder, 'pid' | 'host' | 'since'>,
  options: { timeoutMs: number; onWait?: (panel: string, h: LockHolder) => void },
  fn: () => Promise<T>,
): Promise<T> {
  const releases: Array<() => Promise<void>> = [];
  try {
    for (const panel of [...new Set(panels)].sort()) {
      releases.push(await acquireLock(stateDir, panel, holder, { timeoutMs: options.timeoutMs, onWait: (h) => options.onWait?.(panel, h) }));
    }
    return await fn();
  } finally {
    for (const release of releases.reverse()) await release();
  }
}
