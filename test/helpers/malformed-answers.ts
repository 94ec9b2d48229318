import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTamperingProxy, type Tamper, type TamperingProxy } from './tampering-proxy.ts';
import type { RequestCounters } from '../../controller/emulators/kit/counters.ts';
import type { World } from './world.ts';

/** Rewrites the JSON of the 200 answers `matches` picks, leaving every other answer alone; a string result is sent as it is. */
export const rewriteJson = <B>(matches: (req: { method: string; path: string }) => boolean, change: (body: B) => unknown): Tamper => (req, answer) => {
  if (!matches(req) || answer.status !== 200) return undefined;
  const changed = change(JSON.parse(answer.body) as B);
  return { status: 200, body: typeof changed === 'string' ? changed : JSON.stringify(changed) };
};

export interface MalformedCase {
  name: string;
  tamper: Tamper;
  /** What the panel's read error names (the route that answered wrong). */
  route: RegExp;
}

/**
 * The shared shape of the malformed-answer suites (issue 13 point 4): the world applies its
 * manifests against the faithful panel, then reads through a tampering proxy (its `urlVar`
 * pointed there). Each case must fail that panel's read (plan exit 1, no operation, an error
 * naming the route), and apply must write nothing: a wrong answer is never read as "no objects".
 */
export function describeMalformedAnswers<E extends { url: string; close(): Promise<void>; counters: RequestCounters }>(options: {
  start: () => Promise<World<E>>;
  files: Record<string, string>;
  urlVar: string;
  /** Requests that change the panel, from the emulator's counters (less logins, which change nothing). */
  writes: (counters: RequestCounters) => number;
  cases: MalformedCase[];
}): void {
  let world: World<E>;
  let proxy: TamperingProxy;
  beforeAll(async () => {
    world = await options.start();
    await world.write(options.files);
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    proxy = await startTamperingProxy(world.emulator.url);
    world.env[options.urlVar] = proxy.url;
  });
  afterAll(async () => {
    await proxy.close();
    await world.close();
  });

  it('reads the faithful answers as nothing to do', async () => {
    proxy.tamper = undefined;
    const plan = await world.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  for (const c of options.cases) {
    it(`${c.name}: the panel's read fails, nothing is planned there, nothing is written`, async () => {
      proxy.tamper = c.tamper;
      const writes = options.writes(world.emulator.counters);
      const tampered = proxy.tampered;
      const plan = await world.plan({ format: 'json' });
      expect(proxy.tampered).toBeGreaterThan(tampered);
      expect(plan.code, plan.stdout + plan.stderr).toBe(1);
      const panel = (JSON.parse(plan.stdout) as { panels: Array<{ error?: string; operations: unknown[] }> }).panels[0];
      expect(panel?.operations).toEqual([]);
      expect(panel?.error).toMatch(c.route);
      expect((await world.apply()).code).toBe(1);
      expect(options.writes(world.emulator.counters)).toBe(writes);
    });
  }
}
