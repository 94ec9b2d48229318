import { Writable } from 'node:stream';
import { createLogger } from '../../controller/shared/logger.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import type { Runtime } from '../../controller/cli/runtime.ts';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** A Runtime whose stdout, stderr and JSON logs are captured as strings, for in-process CLI tests. */
export function captureRuntime(env: Record<string, string>): { rt: Runtime; stdout(): string; stderr(): string; logs(): string } {
  const out = new Sink();
  const err = new Sink();
  const logs = new Sink();
  const rt: Runtime = {
    stdout: out,
    stderr: err,
    env,
    logger: createLogger({ level: 'debug', destination: logs }),
    registry: defaultRegistry(),
    color: false,
  };
  return { rt, stdout: () => out.text, stderr: () => err.text, logs: () => logs.text };
}
