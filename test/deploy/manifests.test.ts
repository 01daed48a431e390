// Offline validation of k8s/: every document against the Kubernetes (kubernetes-models) or KEDA
// schema of its apiVersion and kind, then the properties a deployment depends on.
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { describe, expect, it } from 'vitest';
import { isRecord, loadK8sDocuments } from './manifest-files.ts';

interface ModelClass {
  new (data: never): { validate(): void };
  apiVersion: string;
  kind: string;
}
// The kinds k8s/ may use; a document of any other kind fails.
const classes: ModelClass[] = [
  Namespace,
  ConfigMap,
  Secret,
  Service,
  ServiceAccount,
  Role,
  RoleBinding,
  Deployment,
  Job,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
  Ingress,
  NetworkPolicy,
  ScaledObject,
];
const classOf = new Map(classes.map((c) => [`${c.apiVersion} ${c.kind}`, c]));

const documents = loadK8sDocuments();
const models = documents.map((doc) => {
  const Model = classOf.get(`${doc.apiVersion} ${doc.kind}`);
  return { doc, model: Model ? new Model(doc.body as never) : null };
});
const all = <T>(cls: abstract new (...args: never[]) => T): T[] => models.flatMap(({ model }) => (model instanceof cls ? [model] : []));
const deployments = all(Deployment);
const named = (name: string): Deployment => {
  const found = deployments.find((d) => d.metadata?.name === name);
  if (!found) throw new Error(`no Deployment ${name} in k8s/`);
  return found;
};
const podSpec = (d: Deployment | Job): IPodSpec => {
  const spec = d.spec?.template.spec;
  if (!spec) throw new Error(`${d.metadata?.name}: no pod template spec`);
  return spec;
};

describe('k8s manifests', () => {
  it('holds every resource the deployment needs', () => {
    const kinds = new Set(documents.map((d) => d.kind));
    for (const kind of [
      'Namespace',
      'ConfigMap',
      'Secret',
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'ScaledObject',
      'Ingress',
      'NetworkPolicy',
      'Job',
    ])
      expect(kinds, kind).toContain(kind);
  });

  it.each(models.map(({ doc, model }) => [`${doc.file} ${doc.kind}/${doc.name}`, model] as const))('%s is a known kind and valid', (_, model) => {
    expect(model, 'an apiVersion and kind the test knows').not.toBeNull();
    model?.validate();
  });

  it('puts every namespaced resource in the facesocial namespace', () => {
    for (const { file, kind, body } of documents.filter((d) => d.kind !== 'Namespace'))
      expect(isRecord(body.metadata) ? body.metadata.namespace : undefined, `${file} ${kind}`).toBe('facesocial');
  });

  it('gives every container resources, a locked-down security context and, in Deployments, all three probes', () => {
    for (const workload of [...deployments, ...all(Job)]) {
      const pod = podSpec(workload);
      const where = workload.metadata?.name ?? '?';
      expect(pod.securityContext?.runAsNonRoot, where).toBe(true);
      expect(pod.automountServiceAccountToken, where).toBe(false);
      for (const c of pod.containers) {
        expect(c.resources?.requests?.cpu, `${where}/${c.name} requests`).toBeDefined();
        expect(c.resources?.limits?.memory, `${where}/${c.name} limits`).toBeDefined();
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        if (workload instanceof Job) continue;
        for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) expect(probe?.httpGet?.path, `${where}/${c.name} probes`).toBeDefined();
      }
    }
  });

  it('probes the API on /health/ready and /health/live, and the workers on port 9464', () => {
    const [api] = podSpec(named('facesocial-api')).containers;
    expect(api?.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(api?.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(named('facesocial-api').spec?.replicas).toBe(3);
    for (const name of ['facesocial-worker', 'facesocial-worker-gpu']) {
      const [worker] = podSpec(named(name)).containers;
      expect(worker?.ports?.find((p) => p.name === worker.readinessProbe?.httpGet?.port)?.containerPort, name).toBe(9464);
      expect([worker?.readinessProbe?.httpGet?.path, worker?.livenessProbe?.httpGet?.path], name).toEqual(['/health/ready', '/health/live']);
    }
  });

  it('gives the GPU worker a GPU, GPU nodes and the CUDA execution provider', () => {
    const pod = podSpec(named('facesocial-worker-gpu'));
    const [worker] = pod.containers;
    expect(worker?.resources?.limits?.['nvidia.com/gpu']).toBe(1);
    expect(worker?.env).toContainEqual({ name: 'ORT_EXECUTION_PROVIDER', value: 'cuda' });
    expect(pod.tolerations?.some((t) => t.key === 'nvidia.com/gpu')).toBe(true);
    expect(pod.nodeSelector).toBeDefined();
  });

  it("scales both worker Deployments with KEDA on the queues' backlogs (facesocial_queue_jobs; video_queue_jobs for the CPU workers) from Prometheus", () => {
    const scaled = all(ScaledObject);
    expect(scaled.map((s) => s.spec.scaleTargetRef.name).sort()).toEqual(['facesocial-worker', 'facesocial-worker-gpu']);
    for (const s of scaled) {
      expect(s.spec.triggers.length).toBeGreaterThan(0);
      for (const trigger of s.spec.triggers) {
        expect(trigger.type).toBe('prometheus');
        expect(trigger.metadata.query).toMatch(/(facesocial|video)_queue_jobs\{[^}]*prioritized/);
        expect(trigger.metadata.serverAddress).toBe('http://prometheus.monitoring:9090');
      }
    }
    const cpu = scaled.find((s) => s.spec.scaleTargetRef.name === 'facesocial-worker');
    expect(cpu?.spec.triggers.map((t) => /^sum\(max by \(state\) \((\w+)\{/.exec(String(t.metadata.query))?.[1])).toEqual([
      'facesocial_queue_jobs',
      'video_queue_jobs',
    ]);
  });

  it('lets the Ingress carry video-sized bodies (520 MB) and hour-long subscriptions to the API Service', () => {
    const [ingress] = all(Ingress);
    expect(ingress?.metadata?.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-body-size': '520m',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
    });
    const services = new Set(all(Service).map((s) => s.metadata?.name));
    for (const rule of ingress?.spec?.rules ?? []) for (const path of rule.http?.paths ?? []) expect(services).toContain(path.backend.service?.name);
  });

  it('points every selector, autoscaler and env source at something that exists', () => {
    const configMaps = new Set(all(ConfigMap).map((c) => c.metadata?.name));
    const secrets = new Set(all(Secret).map((s) => s.metadata?.name));
    for (const workload of [...deployments, ...all(Job)])
      for (const c of podSpec(workload).containers)
        for (const source of c.envFrom ?? []) {
          if (source.configMapRef) expect(configMaps).toContain(source.configMapRef.name);
          if (source.secretRef) expect(secrets).toContain(source.secretRef.name);
        }
    for (const d of deployments) expect(d.spec?.template.metadata?.labels).toMatchObject(d.spec?.selector.matchLabels ?? { missing: 'selector' });
    const names = new Set(deployments.map((d) => d.metadata?.name));
    for (const hpa of all(HorizontalPodAutoscaler)) expect(names).toContain(hpa.spec?.scaleTargetRef.name);
    const labels = deployments.map((d) => d.spec?.template.metadata?.labels ?? {});
    const selects = (selector: Record<string, string>): boolean =>
      Object.keys(selector).length > 0 && labels.some((l) => Object.entries(selector).every(([k, v]) => l[k] === v));
    for (const s of all(Service)) expect(selects(s.spec?.selector ?? {}), s.metadata?.name).toBe(true);
    for (const pdb of all(PodDisruptionBudget)) expect(selects(pdb.spec?.selector?.matchLabels ?? {}), pdb.metadata?.name).toBe(true);
  });
});
