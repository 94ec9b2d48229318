import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../controller/manifest/load.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { assignWaves } from '../../controller/rollout/waves.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const rollout = { name: 'r', pauseSeconds: 0, at: 'x', waves: [{ name: 'canary', selector: { matchLabels: { ring: 'canary' } } }, { name: 'eu', selector: { matchLabels: { region: 'eu' } } }] };

describe('waves of a Rollout', () => {
  it('puts each panel in the first wave that selects it and the rest last, leaving out empty waves', () => {
    const panels = [
      { name: 'a', labels: { ring: 'canary', region: 'eu' } },
      { name: 'b', labels: { region: 'eu' } },
      { name: 'c', labels: { region: 'us' } },
      { name: 'd' },
    ];
    expect(assignWaves(rollout, panels)).toEqual([
      { name: 'canary', panels: ['a'] },
      { name: 'eu', panels: ['b'] },
      { name: 'rest', panels: ['c', 'd'] },
    ]);
    expect(assignWaves(rollout, [{ name: 'c' }])).toEqual([{ name: 'rest', panels: ['c'] }]);
  });

  it('a Rollout document is checked: a wave without a selector, a duplicate wave and a second Rollout are errors with file and line', async () => {
    const dir = await tempDir();
    try {
      const doc = (name: string, waves: string) => `apiVersion: panelops.io/v1\nkind: Rollout\nmetadata: { name: ${name} }\nspec:\n  waves:\n${waves}`;
      await writeFiles(dir.path, {
        'a.yaml': doc('one', '    - { name: canary, selector: {} }\n    - { name: canary, selector: {} }\n'),
        'b.yaml': `${doc('two', '    - { name: first }\n')}`,
        'c.yaml': doc('three', '    - { name: x, selector: { matchLabels: { ring: canary } } }\n'),
      });
      const set = await loadManifests({ dir: dir.path, registry: defaultRegistry(), env: {} });
      const errors = set.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file.split('/').pop()}:${d.line} ${d.message}`);
      expect(errors.some((e) => /^a\.yaml:7 duplicate wave "canary"/.test(e))).toBe(true);
      expect(errors.some((e) => e.startsWith('b.yaml:') && /selector/.test(e))).toBe(true);
      expect(errors.some((e) => /^c\.yaml:2 a second Rollout "three"/.test(e))).toBe(true);
      expect(set.rollout?.name).toBe('one');
    } finally {
      await dir.cleanup();
    }
  });
});
