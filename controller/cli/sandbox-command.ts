import { startSandbox } from '../sandbox/start-sandbox.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { Runtime } from './runtime.ts';

/** Runs the emulated panels until SIGINT / SIGTERM and prints how to point panelops at them. */
export async function sandboxCommand(rt: Runtime, options: { host: string; port: number }): Promise<ExitCode> {
  const sandbox = await startSandbox({ host: options.host, basePort: options.port });
  rt.stdout.write('Emulated panels (sandbox credentials, not secrets):\n');
  for (const p of sandbox.panels) rt.stdout.write(`  ${p.name.padEnd(10)} ${p.type.padEnd(10)} ${p.url}\n`);
  rt.stdout.write('\nIn another shell:\n');
  for (const [k, v] of Object.entries(sandbox.env)) rt.stdout.write(`  export ${k}='${v}'\n`);
  rt.stdout.write('  npm run panelops -- plan -f examples/marzban     # or examples/3x-ui, examples/openpanel, examples/users-api, examples/pasarguard, examples/remnawave\n\nPress Ctrl+C to stop.\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
  return EXIT.ok;
}
