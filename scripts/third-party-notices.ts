import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The package directory an esbuild input lies in (node_modules/name or node_modules/@scope/name), if any. */
function packageDir(input: string): string | undefined {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m?.[1];
}

/** Every bundled package with its version, licence and licence text, for dist/THIRD-PARTY-NOTICES.md. */
export async function thirdPartyNotices(root: string, inputs: string[]): Promise<string> {
  const dirs = [...new Set(inputs.map(packageDir).filter((d): d is string => d !== undefined))].sort();
  const sections: string[] = [];
  for (const dir of dirs) {
    const meta = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const licenceFile = (await readdir(join(root, dir))).find((f) => /^(licen[cs]e|copying)/i.test(f));
    const text = licenceFile ? (await readFile(join(root, dir, licenceFile), 'utf8')).trim() : `(no licence file; package.json says ${meta.license ?? 'nothing'})`;
    sections.push(`## ${meta.name} ${meta.version} (${meta.license ?? 'unknown'})\n\n\`\`\`\n${text}\n\`\`\``);
  }
  return `# Third-party notices\n\nThe panelops package bundles these packages into dist/cli.\n\n${sections.join('\n\n')}\n`;
}
