import { describe, expect, it } from 'vitest';
import { cliProvenance } from '../../controller/history/provenance.ts';
import { TempRepo } from '../controller/git-repo.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('where a CLI run says its revision and author come from', () => {
  it('flags first, then the CI variables, then the checkout of the manifests', async () => {
    const dir = await tempDir();
    try {
      const repo = await TempRepo.init(dir.path);
      const head = await repo.commit({ 'a.yaml': 'x: 1\n' }, 'one');
      expect(await cliProvenance({ dir: dir.path }, {})).toMatchObject({ revision: head, author: 'CI <ci@example.com>' });
      expect(await cliProvenance({ dir: dir.path }, { GITHUB_SHA: 'abc1234', GITHUB_ACTOR: 'octo' })).toMatchObject({ revision: 'abc1234', author: 'octo' });
      expect(await cliProvenance({ dir: dir.path }, { CI_COMMIT_SHA: 'def5678', CI_COMMIT_AUTHOR: 'Lab User <l@example.com>' })).toMatchObject({ revision: 'def5678', author: 'Lab User <l@example.com>' });
      expect(await cliProvenance({ dir: dir.path, revision: 'f00d123', author: 'me' }, { GITHUB_SHA: 'abc1234', GITHUB_ACTOR: 'octo' })).toMatchObject({ revision: 'f00d123', author: 'me' });
      // A revision named alone takes its author from the checkout.
      expect(await cliProvenance({ dir: dir.path, revision: head }, {})).toMatchObject({ revision: head, author: 'CI <ci@example.com>' });
      const outside = await cliProvenance({ dir: '/nonexistent' }, { USER: 'x' });
      expect(outside.revision).toBeUndefined();
      expect(outside.actor).toMatch(/^\S+@\S+$/);
    } finally {
      await dir.cleanup();
    }
  });
});
