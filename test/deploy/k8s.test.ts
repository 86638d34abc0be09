/**
 * deploy/k8s, as `kubectl kustomize` renders it: each object valid against the Kubernetes API schemas
 * (kubernetes-models, the checks kubeconform makes), and what no schema checks — that replicas run non-root on a
 * read-only root file system with no privilege, probes on the health routes, a rolling update that never goes below
 * the wanted replicas, and a Service, autoscaler and disruption budget that select or target those pods. No cluster
 * here: scheduling, autoscaling and rolling updates themselves are not exercised (scripts/container-check.sh runs
 * the rendered Deployment with podman kube play).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { parseAllDocuments } from 'yaml'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget'
import { Service } from 'kubernetes-models/v1/Service'
import { ROOT } from '../hardening/child.js'

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are untyped JSON, checked field by field */
type Obj = Record<string, any>

const MODELS: Record<string, { new (data: any): { validate(): void } }> = { Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget, PersistentVolumeClaim }
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' })
const skip = kubectl.status === 0 ? false : 'kubectl is not on PATH'

function render(dir: string): Obj[] {
  const run = spawnSync('kubectl', ['kustomize', path.join(ROOT, dir)], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir}: ${run.stderr}`)
  return parseAllDocuments(run.stdout).map((d) => d.toJS() as Obj)
}

const one = (objects: Obj[], kind: string): Obj => {
  const found = objects.filter((o) => o.kind === kind)
  if (found.length !== 1) throw new Error(`${found.length} ${kind} objects`)
  return found[0] as Obj
}
const env = (container: Obj, name: string) => (container.env as Obj[]).filter((e) => e.name === name).map((e) => e.value as string)
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v)

/** Where the Dockerfile's default (baked) stage puts the snapshot. */
const BAKED_DB_PATH = /FROM runtime AS baked[\s\S]*ENV DB_PATH=(\S+)/.exec(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))?.[1]

t.test('deploy/k8s renders a Deployment, Service, HPA and PDB, each valid for the Kubernetes API', { skip }, async (t) => {
  const objects = render('deploy/k8s')
  t.same(objects.map((o) => o.kind).sort(), ['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service'])
  for (const o of objects) t.doesNotThrow(() => new (MODELS[o.kind] as (typeof MODELS)[string])(o).validate(), `${o.kind} ${o.metadata.name}: valid`)
})

t.test('the Deployment: 3 replicas, rolling with maxUnavailable 0, locked down, probed on the health routes', { skip }, async (t) => {
  const deployment = one(render('deploy/k8s'), 'Deployment')
  const { spec } = deployment
  const pod = spec.template.spec
  t.equal(spec.replicas, 3)
  t.match(spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } })
  t.ok(spec.strategy.rollingUpdate.maxSurge >= 1, 'a new replica comes up before an old one goes')
  t.ok(matches(spec.selector.matchLabels, spec.template.metadata.labels), 'the selector selects its own pods')

  t.match(pod.securityContext, { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } })
  t.ok(pod.securityContext.runAsUser > 0, 'a numeric non-root user (the image runs as 1000)')
  t.equal(pod.automountServiceAccountToken, false, 'no API token: the service never talks to Kubernetes')
  t.equal(pod.hostNetwork, undefined)
  t.equal(pod.volumes, undefined, 'no volume: nothing to write to, and the snapshot is in the image')
  t.equal(pod.containers.length, 1)
  const [api] = pod.containers as Obj[]
  if (!api) return
  t.match(api.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } })
  t.notOk(api.securityContext.privileged, 'not privileged')
  t.equal(api.securityContext.capabilities.add, undefined, 'no capability added back')

  t.same(env(api, 'DB_READONLY'), ['true'], 'serves its snapshot read-only')
  t.same(env(api, 'DB_PATH'), [BAKED_DB_PATH], 'the snapshot the Dockerfile bakes')
  t.same(env(api, 'HOST'), ['0.0.0.0'])
  const [port] = api.ports as Obj[]
  t.same(env(api, 'PORT'), [String(port?.containerPort)], 'listens where the port says')
  for (const [probe, route] of [
    ['startupProbe', '/health/ready'],
    ['readinessProbe', '/health/ready'],
    ['livenessProbe', '/health/live']
  ] as const) {
    t.match(api[probe], { httpGet: { path: route, port: port?.name } }, `${probe} on ${route}`)
  }
  t.ok(api.startupProbe.periodSeconds * api.startupProbe.failureThreshold >= 30, 'the startup probe allows 30 s or more')
  t.ok(api.resources.requests.cpu && api.resources.requests.memory, 'requests: what the scheduler and the HPA count')
  t.ok(api.resources.limits.memory, 'a memory limit')
  const preStop = Number(api.lifecycle?.preStop?.exec?.command?.[1] ?? 0)
  t.ok(pod.terminationGracePeriodSeconds >= preStop + 10, 'the grace covers the preStop pause and SHUTDOWN_GRACE_MS (10 s)')
  t.match(api.image, /^news-intel:\S+$/, 'a tagged image')
  t.equal(api.imagePullPolicy, 'IfNotPresent')
})

t.test('the Service, autoscaler and disruption budget point at those pods', { skip }, async (t) => {
  const objects = render('deploy/k8s')
  const deployment = one(objects, 'Deployment')
  const labels = deployment.spec.template.metadata.labels as Record<string, string>
  const service = one(objects, 'Service')
  t.ok(matches(service.spec.selector, labels), 'the Service selects the pods')
  t.same(service.spec.ports.map((p: Obj) => p.targetPort), ['http'], 'and sends to their named port')

  const hpa = one(objects, 'HorizontalPodAutoscaler')
  t.match(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name })
  t.equal(hpa.spec.minReplicas, deployment.spec.replicas, 'never fewer than the Deployment starts with')
  t.ok(hpa.spec.maxReplicas > hpa.spec.minReplicas)
  t.match(hpa.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }], 'on CPU')

  const pdb = one(objects, 'PodDisruptionBudget')
  t.ok(matches(pdb.spec.selector.matchLabels, labels), 'the budget covers the pods')
  t.ok(pdb.spec.maxUnavailable >= 1 || pdb.spec.minAvailable < deployment.spec.replicas, 'a drain can still proceed')
})

t.test('the snapshot-volume overlay: the same Deployment, serving a snapshot mounted read-only from a claim', { skip }, async (t) => {
  const base = one(render('deploy/k8s'), 'Deployment')
  const objects = render('deploy/k8s/overlays/snapshot-volume')
  t.same(objects.map((o) => o.kind).sort(), ['Deployment', 'HorizontalPodAutoscaler', 'PersistentVolumeClaim', 'PodDisruptionBudget', 'Service'])
  for (const o of objects) t.doesNotThrow(() => new (MODELS[o.kind] as (typeof MODELS)[string])(o).validate(), `${o.kind}: valid`)
  const pod = one(objects, 'Deployment').spec.template.spec
  const claim = one(objects, 'PersistentVolumeClaim')
  t.same(claim.spec.accessModes, ['ReadOnlyMany'])
  const [volume] = pod.volumes as Obj[]
  t.match(volume, { persistentVolumeClaim: { claimName: claim.metadata.name, readOnly: true } })
  const [api] = pod.containers as Obj[]
  if (!api) return
  const [mount] = api.volumeMounts as Obj[]
  t.match(mount, { name: volume?.name, readOnly: true })
  const [dbPath] = env(api, 'DB_PATH')
  t.equal(path.posix.dirname(dbPath ?? ''), mount?.mountPath, 'DB_PATH is on the volume')
  t.same(env(api, 'DB_READONLY'), ['true'])
  t.same(api.securityContext, base.spec.template.spec.containers[0].securityContext, 'as locked down as the base')
  t.same(pod.securityContext, base.spec.template.spec.securityContext)
})
