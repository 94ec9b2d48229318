import { describe } from 'vitest';
import { LocalState } from '../../controller/state/local/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { stateBackendContract } from './backend-contract.ts';

describe('local-files state backend', () => {
  stateBackendContract(async () => {
    const dir = await tempDir();
    return { a: new LocalState(dir.path), b: new LocalState(dir.path), close: () => dir.cleanup() };
  });
});
