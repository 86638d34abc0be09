/**
 * Worker-thread entry of the extraction pool (see extract-pool.ts): loads the knowledge base once, then answers
 * each `{ seq, doc }` with `{ seq, annotations, facts }`: the same `extractDocument` the main thread would run, and
 * the text facts (search forms, language, word count) storing the article needs.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { PipelineDocument } from '../../schemas/annotations.js'
import { extractDocument, loadKnowledgeBase } from '../pipeline/index.js'
import { articleFacts } from './text-facts.js'

const port = parentPort
if (!port) throw new Error('extract-worker must run in a worker thread')
const kb = loadKnowledgeBase((workerData as { kbDir: string }).kbDir)
port.on('message', (jobs: { seq: number; doc: PipelineDocument }[]) => {
  port.postMessage(jobs.map(({ seq, doc }) => ({ seq, annotations: extractDocument(doc, kb), facts: articleFacts(doc) })))
})
