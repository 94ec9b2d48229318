import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { CANARY, historyCases } from './history-cases.ts';
import { historyWorld, type HistoryWorld } from './history-world.ts';

describe('history on the file state', () => {
  let w: HistoryWorld;
  beforeAll(async () => {
    w = await historyWorld({ RESELLER_PASS: CANARY });
  });
  afterAll(() => w.close());

  // Every file of the state directory: history, inventory and journal alike.
  const stored = async () => {
    const dir = join(w.repo.dir, '..', 'state');
    const files = await readdir(dir);
    return (await Promise.all(files.filter((f) => !f.endsWith('.lock')).map((f) => readFile(join(dir, f), 'utf8').catch(() => '')))).join('\n');
  };
  historyCases(() => w, stored);
});
