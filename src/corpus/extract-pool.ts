import { Worker } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import type { DocumentAnnotations, PipelineDocument } from '../../schemas/annotations.js'
import type { ArticleFacts } from '../db/articles.js'

/** What extraction off the main thread gives for one document: its annotations and the facts storing it needs. */
export interface Extracted<A = DocumentAnnotations> {
  annotations: A
  /** See `articleFacts` (text-facts.ts). */
  facts: ArticleFacts
}

/**
 * Extraction off the main thread: `extract` gives what the main thread's extractor would (ingest relies on it). A
 * failed worker rejects its jobs; it never hangs a caller.
 */
export interface ExtractPool<A = DocumentAnnotations> {
  extract(doc: PipelineDocument): Promise<Extracted<A>>
  /** Stops every worker; jobs still pending reject. */
  close(): Promise<void>
}

/**
 * Number of workers when the configuration does not say: one per core the process may use, less the one the main
 * thread keeps busy reading, hashing and writing SQLite (measured on 2 cores: 1 worker 14 s, 2 workers 18 s,
 * none 21 s for a 10k-article cold boot).
 */
export const defaultPoolSize = (): number => Math.max(1, availableParallelism() - 1)

/**
 * The worker script next to this module, and how to start it: compiled (dist/, `.js`) it runs as is; from source
 * (`.ts`, under tsx in tests and `npm run dev`) a small bootstrap registers tsx's loader in the worker first (on
 * Node 20 `execArgv: ['--import', 'tsx']` does not reach a worker's own entry module), then imports the `.ts` file.
 */
export function workerEntry(moduleUrl: string = import.meta.url): { url: URL; bootstrap: string | null } {
  const fromSource = new URL(moduleUrl).pathname.endsWith('.ts')
  const url = new URL(`./extract-worker.${fromSource ? 'ts' : 'js'}`, moduleUrl)
  if (!fromSource) return { url, bootstrap: null }
  const tsx = import.meta.resolve('tsx/esm/api')
  return { url, bootstrap: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}) })` }
}

interface Job {
  resolve: (a: Extracted) => void
  reject: (err: Error) => void
}

interface Slot {
  worker: Worker
  pending: Map<number, Job>
  alive: boolean
  /** Jobs posted together in the next message (a few documents per message saves round trips). */
  queued: { seq: number; doc: PipelineDocument }[]
}

/** Documents per message to a worker. */
const JOBS_PER_MESSAGE = 8

export function createExtractPool(options: { size: number; kbDir: string }): ExtractPool {
  const { url, bootstrap } = workerEntry()
  let seq = 0
  let closed = false
  const slots: Slot[] = []

  const fail = (slot: Slot, err: Error) => {
    slot.alive = false
    for (const job of slot.pending.values()) job.reject(err)
    slot.pending.clear()
    slot.queued = []
  }

  for (let i = 0; i < Math.max(1, options.size); i++) {
    const workerData = { kbDir: options.kbDir }
    const worker = bootstrap === null ? new Worker(url, { workerData }) : new Worker(bootstrap, { eval: true, workerData })
    const slot: Slot = { worker, pending: new Map(), alive: true, queued: [] }
    worker.on('message', (results: ({ seq: number } & Extracted)[]) => {
      for (const { seq: n, annotations, facts } of results) {
        const job = slot.pending.get(n)
        slot.pending.delete(n)
        job?.resolve({ annotations, facts })
      }
    })
    worker.on('error', (err) => fail(slot, err))
    worker.on('exit', (code) => fail(slot, new Error(`extraction worker exited (code ${code})`)))
    slots.push(slot)
  }

  const send = (slot: Slot) => {
    if (slot.queued.length === 0) return
    slot.worker.postMessage(slot.queued)
    slot.queued = []
  }

  return {
    extract(doc) {
      // least loaded live worker
      let slot: Slot | undefined
      for (const s of slots) if (s.alive && (!slot || s.pending.size < slot.pending.size)) slot = s
      if (closed || !slot) return Promise.reject(new Error('extraction pool is closed or has no live worker'))
      const target = slot
      const n = seq++
      return new Promise<Extracted>((resolve, reject) => {
        target.pending.set(n, { resolve, reject })
        target.queued.push({ seq: n, doc: { id: doc.id, title: doc.title, body: doc.body, publishedAt: doc.publishedAt } })
        if (target.queued.length >= JOBS_PER_MESSAGE) send(target)
        else if (target.queued.length === 1) queueMicrotask(() => send(target))
      })
    },
    async close() {
      if (closed) return
      closed = true
      await Promise.all(slots.map((s) => s.worker.terminate()))
    }
  }
}
