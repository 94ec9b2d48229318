import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateError } from '../../controller/state/backend.ts';
import { stateConnection } from '../../controller/state/postgres/connect.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const failure = (url: string) => stateConnection(url, {}).then(() => undefined, (err: unknown) => err);

describe('the state URL: a clear line, never a hang or a stack trace', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir('panelops-state-url-');
  });
  afterEach(() => dir.cleanup());

  it('?passwordFile= follows the { file } secret rules: a FIFO is refused at once', async () => {
    const fifo = join(dir.path, 'pass.fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const err = await failure(`postgres://panelops@127.0.0.1:5432/state?passwordFile=${encodeURIComponent(fifo)}`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err).toBeInstanceOf(StateError);
    expect((err as Error).message).toBe(`the state password file is refused: secret file ${fifo} is a FIFO, not a regular file`);
  });

  it('a device or an oversized file is refused by its type and size, not read', async () => {
    const device = await failure('postgres://panelops@127.0.0.1:5432/state?passwordFile=/dev/zero');
    expect((device as Error).message).toContain('/dev/zero is a device, not a regular file');
    const big = join(dir.path, 'big');
    await writeFile(big, 'x'.repeat(70 * 1024));
    expect(((await failure(`postgres://panelops@127.0.0.1:5432/state?passwordFile=${encodeURIComponent(big)}`)) as Error).message).toMatch(/is 71680 bytes, more than the 65536/);
    const good = join(dir.path, 'good');
    await writeFile(good, 's3cret\n');
    const connection = await stateConnection(`postgres://panelops@127.0.0.1:5432/state?passwordFile=${encodeURIComponent(good)}`, {});
    expect(new URL(connection.connectionString).password).toBe('s3cret');
  });

  it('an unencoded % in the password is named, with how to write it', async () => {
    const err = await failure('postgres://panelops:50%off@127.0.0.1:5432/state');
    expect(err).toBeInstanceOf(StateError);
    expect((err as Error).message).toContain("has a '%' that is not followed by two hex digits: write it as %25");
    expect((err as Error).message).not.toContain('50%off');
  });
});
