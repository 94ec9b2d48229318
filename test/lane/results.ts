import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface CaseResult {
  name: string;
  passed: boolean;
  /** For a failure: its first line, the first answer that differed. */
  detail?: string;
  ms: number;
  /** For a request-by-request comparison: how many answers it compared. */
  requests?: number;
}

export interface PanelRun {
  type: string;
  version: string;
  /** What the panel says it is, when it says (Marzban's /api/system). */
  answeredVersion?: string;
  date: Date;
  cases: CaseResult[];
}

const HEADER = `# Real-panel lane results

Written by \`npm run test:real\` (test/real/README.md): one section per panel, replaced each time that
panel is run. A failure shows the first answer that differed from what the case expects.
`;

const marker = (run: Pick<PanelRun, 'type' | 'version'>, end = false) => `<!-- ${end ? '/' : ''}lane ${run.type} ${run.version} -->`;

export function renderRun(run: PanelRun): string {
  const passed = run.cases.filter((c) => c.passed).length;
  const requests = run.cases.reduce((n, c) => n + (c.requests ?? 0), 0);
  const version = run.answeredVersion && run.answeredVersion !== run.version ? `${run.version} (answers ${run.answeredVersion})` : run.version;
  const rows = run.cases.map((c) => `| ${c.name} | ${c.passed ? 'pass' : '**fail**'} | ${c.requests ?? ''} | ${(c.ms / 1000).toFixed(1)} s | ${c.detail ? c.detail.replace(/\|/g, '\\|').replace(/\n/g, ' ') : ''} |`);
  return [
    marker(run),
    `## ${run.type} ${version}`,
    '',
    `${run.date.toISOString().replace(/\.\d+Z$/, 'Z')}: ${passed} of ${run.cases.length} cases passed; ${requests} answers compared request by request.`,
    '',
    '| case | result | requests | time | first difference |',
    '|---|---|---|---|---|',
    ...rows,
    marker(run, true),
  ].join('\n');
}

/** Puts the run's section into the results file, keeping the sections of every other panel, sorted by type and version. */
export function writeRun(file: string, run: PanelRun): void {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const sections = new Map<string, string>();
  for (const m of old.matchAll(/<!-- lane (\S+) (\S+) -->[\s\S]*?<!-- \/lane \1 \2 -->/g)) sections.set(`${m[1]} ${m[2]}`, m[0]);
  sections.set(`${run.type} ${run.version}`, renderRun(run));
  const ordered = [...sections.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([, s]) => s);
  writeFileSync(file, `${HEADER}\n${ordered.join('\n\n')}\n`);
}
