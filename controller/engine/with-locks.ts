import type { HeldLock, LockHolder, LockRequest, StateBackend } from '../state/backend.ts';

/**
 * Runs `fn` holding the locks of every named panel (in name order, so two runs never wait
 * on each other crosswise). Locks are released whatever happens.
 */
export async function withPanelLocks<T>(
  state: StateBackend,
  panels: readonly string[],
  holder: LockRequest,
  options: { timeoutMs: number; onWait?: (panel: string, h: LockHolder) => void },
  fn: (locks: ReadonlyMap<string, HeldLock>) => Promise<T>,
): Promise<T> {
  const locks = new Map<string, HeldLock>();
  try {
    for (const panel of [...new Set(panels)].sort()) {
      locks.set(panel, await state.acquireLock(panel, holder, { timeoutMs: options.timeoutMs, onWait: (h) => options.onWait?.(panel, h) }));
    }
    return await fn(locks);
  } finally {
    for (const lock of [...locks.values()].reverse()) await lock.release();
  }
}
