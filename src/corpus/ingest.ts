import { createHash } from 'node:crypto'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { FastifyBaseLogger } from 'fastify'
import type { BootReport, SourceArticle } from '../../schemas/corpus.js'
import type { Store } from '../db/store.js'
import { readCorpus, countCorpusFiles, type ReadOptions } from './read.js'

/** How articles are turned into stored knowledge: the extraction pipeline, seen from ingest. */
export interface Extractor<A> {
  /** Part of every content hash, so a new pipeline re-extracts everything once. */
  version: string
  extract(article: SourceArticle): A
  /** Replaces the stored annotations of one article. Runs inside the batch transaction. */
  write(rowid: number, article: SourceArticle, annotations: A): void
  /** Runs once after all batches, inside a transaction (e.g. to drop knowledge nothing mentions any more). */
  finish(): void
}

export interface IngestOptions<A> extends ReadOptions {
  corpusDir: string
  batchSize: number
  extractor: Extractor<A>
  log: FastifyBaseLogger
  /** Stops the boot between batches (shutdown); what was written stays, nothing is removed. */
  signal?: AbortSignal
}

const REPORT_LIST_LIMIT = 100

export function contentHash(article: SourceArticle, pipelineVersion: string): string {
  return createHash('sha256')
    .update(JSON.stringify([pipelineVersion, article.title, article.body, article.publishedAt, article.source, article.url]))
    .digest('hex')
}

export function emptyReport(corpusDir: string): BootReport {
  return {
    status: 'booting',
    corpusDir,
    files: 0,
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    skippedTotal: 0,
    skipped: [],
    warnings: [],
    startedAt: new Date().toISOString(),
    durationMs: null,
    error: null
  }
}

/**
 * Loads the corpus into the store. Incremental: an article whose content hash (which includes the pipeline
 * version) is unchanged is not extracted again; articles gone from the corpus are removed. Writes one
 * transaction per batch and yields to the event loop between batches so health checks stay answered.
 * Corpus content never makes it throw; storage failures do.
 */
export async function ingestCorpus<A>(store: Store, report: BootReport, options: IngestOptions<A>): Promise<BootReport> {
  const started = performance.now()
  const { extractor, log } = options
  const seen = new Map<string, string>()
  let batch: SourceArticle[] = []

  const writeBatch = store.db.transaction((items: { article: SourceArticle; hash: string; annotations: A; isNew: boolean }[]) => {
    const ingestedAt = new Date().toISOString()
    for (const item of items) {
      const rowid = store.writeArticle(item.article, item.hash, ingestedAt)
      extractor.write(rowid, item.article, item.annotations)
    }
  })

  const flush = async () => {
    const pending: { article: SourceArticle; hash: string; annotations: A; isNew: boolean }[] = []
    for (const article of batch) {
      const hash = contentHash(article, extractor.version)
      const stored = store.storedHash(article.id)
      if (stored === hash) {
        report.unchanged++
        continue
      }
      pending.push({ article, hash, annotations: extractor.extract(article), isNew: stored === null })
    }
    writeBatch(pending)
    for (const item of pending) {
      if (item.isNew) report.inserted++
      else report.updated++
    }
    batch = []
    await yieldToEventLoop()
  }

  report.files = await countCorpusFiles(options.corpusDir)
  for await (const item of readCorpus(options.corpusDir, options)) {
    if (item.kind === 'warning') {
      if (report.warnings.length < REPORT_LIST_LIMIT) report.warnings.push(item.message)
      log.warn({ corpus: item.message }, 'corpus warning')
      continue
    }
    if (item.kind === 'skip') {
      report.skippedTotal++
      if (report.skipped.length < REPORT_LIST_LIMIT) report.skipped.push(item.skip)
      log.warn({ skipped: item.skip }, 'corpus item skipped')
      continue
    }
    const { article } = item
    const first = seen.get(article.id)
    if (first !== undefined) {
      report.skippedTotal++
      const [file = article.origin, line] = article.origin.split(':')
      const skip = { file, line: line ? Number(line) : null, id: article.id, reason: `duplicate id (first read from ${first})` }
      if (report.skipped.length < REPORT_LIST_LIMIT) report.skipped.push(skip)
      log.warn({ skipped: skip }, 'corpus item skipped')
      continue
    }
    seen.set(article.id, article.origin)
    report.read++
    batch.push(article)
    if (batch.length >= options.batchSize) await flush()
    if (options.signal?.aborted) break
  }
  await flush()
  if (options.signal?.aborted) {
    report.status = 'failed'
    report.error = 'boot interrupted by shutdown'
    report.durationMs = Math.round(performance.now() - started)
    return report
  }
  report.removed = store.removeArticlesExcept(new Set(seen.keys()))
  store.db.transaction(() => extractor.finish())()
  report.durationMs = Math.round(performance.now() - started)
  report.status = 'ready'
  return report
}
