import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const semver = createRequire(import.meta.url)('semver') as { minVersion(range: string): { version: string } | null; satisfies(version: string, range: string): boolean };

interface Lock {
  packages: Record<string, { engines?: Record<string, string> | string[]; optional?: boolean; os?: string[] }>;
}

/**
 * `npm ci` on the oldest Node the project declares prints no EBADENGINE: every locked package,
 * development tools included, accepts that version.
 */
describe('declared engines', () => {
  it('every locked package runs on the oldest Node the project declares', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const oldest = semver.minVersion(pkg.engines.node)?.version;
    expect(oldest).toBe('20.19.0');
    const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .map(([path, info]) => [path, Array.isArray(info.engines) ? undefined : info.engines?.node] as const)
      .filter(([, range]) => range !== undefined && !semver.satisfies(oldest!, range))
      .map(([path, range]) => `${path.replace(/^node_modules\//, '')} wants node ${range}`);
    expect(refusing).toEqual([]);
  });
});
