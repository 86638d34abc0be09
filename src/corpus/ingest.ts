import { createHash } from 'node:crypto'
import { createReadStream, readdirSync, readFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { FastifyBaseLogger } from 'fastify'
import type { BootReport, SkippedItem, SourceArticle } from '../../schemas/corpus.js'
import type { ArticleFacts } from '../db/articles.js'
import type { Store } from '../db/store.js'
import type { ExtractPool } from './extract-pool.js'
import { readCorpus, countCorpusFiles, type ReadOptions } from './read.js'
import { articleFacts } from './text-facts.js'
import { CorpusWarningLog } from './warning-log.js'

/** How articles are turned into stored knowledge: the extraction pipeline, seen from ingest. */
export interface Extractor<A> {
  /** Part of every content hash, so a new pipeline re-extracts everything once. */
  version: string
  extract(article: SourceArticle): A
  /** The pipeline stages that threw on an article (counted in the boot report, never thrown). */
  failures?(annotations: A): ReadonlyArray<{ stage: string; error: string }>
  /**
   * Replaces the stored annotations of one article (`replaces: false` when its row is new: nothing to clear). Runs inside
   * the batch transaction.
   */
  write(rowid: number, article: SourceArticle, annotations: A, replaces: boolean): void
  /**
   * Runs once after all batches (e.g. drops knowledge nothing mentions any more, rebuilds corpus-wide read models), as
   * short steps that each commit their own work: ingest yields to the event loop between them.
   */
  finish(): Iterable<void>
}

export interface IngestOptions<A> extends ReadOptions {
  corpusDir: string
  batchSize: number
  extractor: Extractor<A>
  log: FastifyBaseLogger
  /** Stops the boot between batches (shutdown); what was written stays, nothing is removed. */
  signal?: AbortSignal
  /**
   * Starts a pool that runs `extractor.extract` off the main thread, giving the same result. Started only once a
   * batch has at least `POOL_MIN_ARTICLES` articles to extract (a handful of changed articles are not worth the
   * workers' start-up); without it everything is extracted on the main thread.
   */
  pool?: () => ExtractPool<A>
}

/** Articles to extract in one batch before a pool is worth starting. */
export const POOL_MIN_ARTICLES = 64
/** SQLite page cache during the boot, in KiB (negative: KiB, SQLite's convention). */
const BOOT_CACHE_SIZE = -64 * 1024
/**
 * WAL pages a boot lets gather before copying them into the database (SQLite's default: 1000, 8 MB here). A page the
 * batches write again and again (index and full-text pages) is copied once per checkpoint, and each checkpoint syncs:
 * at 128 MB the 60k cold boot's main thread 40.1/38.3 → 38.0/36.2 s CPU in turns. The WAL may reach that size on disk.
 */
const BOOT_WAL_AUTOCHECKPOINT = 16_384
/** Batches extracted ahead of the one being written (bounds memory: at most this many batches in flight). */
const BATCHES_AHEAD = 3

const REPORT_LIST_LIMIT = 100

/**
 * A boot that wrote at least this share of the corpus (a first load, a repair) merges the full-text indexes after it
 * (full-text.ts mergeSegments: ~2 s at 60k, then a word's entries are one read); a smaller one leaves FTS5's own
 * merging be (a merge into one segment rewrites the whole index, whatever the few rows that came).
 */
const FULL_TEXT_MERGE_SHARE = 0.25

export function contentHash(article: SourceArticle, pipelineVersion: string): string {
  return createHash('sha256')
    .update(JSON.stringify([pipelineVersion, article.title, article.body, article.publishedAt, article.source, article.url]))
    .digest('hex')
}

/** Source of the reader and cleaning (this directory, .ts or compiled .js): editing it re-reads the corpus. */
let readerDigest: string | null = null
function readerCodeDigest(): string {
  if (readerDigest === null) {
    const dir = path.dirname(fileURLToPath(import.meta.url))
    const digest = createHash('sha256')
    for (const name of readdirSync(dir).filter((n) => /\.(ts|js)$/.test(n)).sort()) digest.update(name).update(readFileSync(path.join(dir, name)))
    readerDigest = digest.digest('hex')
  }
  return readerDigest
}

const CORPUS_FILE = /\.(txt|json|jsonl|jsonl\.gz)$/

/**
 * Everything a boot's outcome depends on besides the database: the bytes of every corpus file the reader may open
 * (names included), the pipeline version, the reader's code and options. Equal fingerprints read equal articles.
 * Where the directory is does not count: the same files give the same fingerprint on every machine (and so the same
 * data version, `dataVersion`).
 */
export async function corpusFingerprint(corpusDir: string, pipelineVersion: string, maxBytes: number): Promise<string> {
  const digest = createHash('sha256').update(JSON.stringify(['corpus-fingerprint-2', pipelineVersion, maxBytes, readerCodeDigest()]))
  const names = (await readdir(corpusDir, { withFileTypes: true }))
    .filter((e) => e.isFile() && CORPUS_FILE.test(e.name))
    .map((e) => e.name)
    .sort()
  for (const name of names) {
    digest.update(`\0${name}\0`)
    for await (const chunk of createReadStream(path.join(corpusDir, name), { highWaterMark: 1 << 20 })) digest.update(chunk as Buffer)
  }
  return digest.digest('hex')
}

/**
 * Which data a complete boot left: a digest of its corpus fingerprint and the pipeline version (what clients see as
 * the data version). Equal for the same corpus and pipeline, wherever and however often it is booted.
 */
export function dataVersion(fingerprint: string, pipelineVersion: string): string {
  return createHash('sha256').update(JSON.stringify(['data-version-1', fingerprint, pipelineVersion])).digest('hex').slice(0, 16)
}

/** The part of a boot report a reboot of the same corpus repeats. */
type SavedReport = Pick<BootReport, 'files' | 'read' | 'skippedTotal' | 'skipped' | 'warnings' | 'fieldsRejected' | 'extractionFailures'>

/**
 * Fills `report` from what the last complete boot saved (CorpusState.report) as a boot that found every article
 * unchanged; false if the saved report cannot be read.
 */
export function restoreReport(report: BootReport, savedJson: string): boolean {
  let saved: SavedReport
  try {
    saved = JSON.parse(savedJson) as SavedReport
  } catch {
    return false
  }
  if (saved === null || typeof saved !== 'object') return false
  Object.assign(report, {
    files: saved.files,
    read: saved.read,
    unchanged: saved.read,
    skippedTotal: saved.skippedTotal,
    skipped: saved.skipped,
    warnings: saved.warnings,
    fieldsRejected: saved.fieldsRejected ?? 0,
    extractionFailures: saved.extractionFailures ?? {}
  })
  return true
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
    fieldsRejected: 0,
    extractionFailures: {},
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
  const { extractor, log, signal } = options
  const seen = new Map<string, string>()
  let batch: SourceArticle[] = []
  type Item = { article: SourceArticle; hash: string; annotations: A; facts?: ArticleFacts; isNew: boolean }

  const writeBatch = (items: Item[]) =>
    store.transaction(() => {
      const ingestedAt = new Date().toISOString()
      for (const item of items) {
        const rowid = store.articles.write(item.article, item.hash, ingestedAt, item.facts ?? articleFacts(item.article), !item.isNew)
        extractor.write(rowid, item.article, item.annotations, !item.isNew)
      }
    })
  let failed = 0
  const write = (items: Item[]) => {
    writeBatch(items)
    for (const item of items) {
      if (item.isNew) report.inserted++
      else report.updated++
      for (const f of extractor.failures?.(item.annotations) ?? []) {
        report.extractionFailures[f.stage] = (report.extractionFailures[f.stage] ?? 0) + 1
        // counted always, named for the first ones only (a stage failing on every article must not flood)
        if (++failed <= REPORT_LIST_LIMIT) {
          const message = `${item.article.origin}: article ${item.article.id}: the ${f.stage} stage failed (${f.error}); stored without its output`
          if (report.warnings.length < REPORT_LIST_LIMIT) report.warnings.push(message)
          log.error({ article: item.article.id, stage: f.stage, err: f.error }, 'pipeline stage failed')
        }
      }
    }
  }

  let pool: ExtractPool<A> | null = null
  /** Batches being extracted by the pool, in corpus order; each is written once it is complete. */
  const ahead: Promise<Item[] | null>[] = []
  const writeOldest = async () => {
    const items = await ahead.shift()
    if (items && !signal?.aborted) write(items)
  }

  const flush = async () => {
    const pending: Omit<Item, 'annotations'>[] = []
    for (const article of batch) {
      const hash = contentHash(article, extractor.version)
      // a first load began on an empty database and reads each id once: nothing is stored under it yet
      const stored = store.firstLoad ? null : store.articles.storedHash(article.id)
      if (stored === hash) {
        report.unchanged++
        continue
      }
      pending.push({ article, hash, isNew: stored === null })
    }
    batch = []
    if (pool === null && options.pool && pending.length >= POOL_MIN_ARTICLES && !signal?.aborted) {
      const started = options.pool()
      pool = started
      // shutdown stops the workers at once: their pending jobs reject and nothing more is written
      signal?.addEventListener('abort', () => void started.close(), { once: true })
    }
    if (pool === null) {
      // in order: what the pool has in flight is written first
      while (ahead.length > 0) await writeOldest()
      write(pending.map((p) => ({ ...p, annotations: extractor.extract(p.article) })))
      await yieldToEventLoop()
      return
    }
    const running = pool
    // A failed worker is retried on the main thread (same function, same result); after shutdown, nothing is.
    const extract = (article: SourceArticle): Promise<{ annotations: A; facts?: ArticleFacts } | null> =>
      running.extract(article).catch(() => (signal?.aborted ? null : { annotations: extractor.extract(article) }))
    ahead.push(
      Promise.all(pending.map(async (p) => ({ item: p, done: await extract(p.article) }))).then((results) =>
        results.some((r) => r.done === null) ? null : results.map((r) => ({ ...r.item, ...(r.done as { annotations: A; facts?: ArticleFacts }) }))
      )
    )
    while (ahead.length > BATCHES_AHEAD) await writeOldest()
    await yieldToEventLoop()
  }

  // A bigger page cache while the boot writes (indexes of the mention tables are updated out of order), and rarer
  // checkpoints; the usual sizes again for serving.
  const cacheSize = store.db.pragma('cache_size', { simple: true }) as number
  const autoCheckpoint = store.db.pragma('wal_autocheckpoint', { simple: true }) as number
  store.db.pragma(`cache_size = ${BOOT_CACHE_SIZE}`)
  store.db.pragma(`wal_autocheckpoint = ${BOOT_WAL_AUTOCHECKPOINT}`)
  try {
    return await ingestAll()
  } finally {
    store.db.pragma(`cache_size = ${cacheSize}`)
    store.db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`)
    await (pool as ExtractPool<A> | null)?.close()
  }

  /**
   * Runs a boot's steps (each `next()` one short transaction), letting requests through between them: how long they
   * took, how many, the longest; null if a shutdown stopped them.
   */
  async function stepThrough(steps: Iterable<unknown>): Promise<{ ms: number; steps: number; longestStepMs: number } | null> {
    const began = performance.now()
    let count = 0
    let longest = 0
    let stepStarted = began
    for (const _step of steps) {
      count++
      longest = Math.max(longest, performance.now() - stepStarted)
      await yieldToEventLoop()
      if (signal?.aborted) return null
      stepStarted = performance.now()
    }
    return { ms: Math.round(performance.now() - began), steps: count, longestStepMs: Math.round(longest) }
  }

  /** A shutdown stopped the boot: what was written stays, the boot is not recorded as complete. */
  function interrupted(): BootReport {
    report.status = 'failed'
    report.error = 'boot interrupted by shutdown'
    report.durationMs = Math.round(performance.now() - started)
    return report
  }

  async function ingestAll(): Promise<BootReport> {
    // Nothing changed since the last complete boot (same files, pipeline, reader and article count): nothing to read.
    const fingerprint = await corpusFingerprint(options.corpusDir, extractor.version, options.maxBytes).catch(() => null)
    const last = store.corpusState.get()
    if (fingerprint !== null && last?.fingerprint === fingerprint && last.articles === store.articles.count()) {
      if (restoreReport(report, last.report)) {
        log.info({ fingerprint: fingerprint.slice(0, 12) }, 'corpus unchanged since the last complete boot: not read again')
        report.durationMs = Math.round(performance.now() - started)
        report.status = 'ready'
        return report
      }
    }
    store.corpusState.set(null)
    // An empty database: its secondary indexes are built once, after the last batch (see db/bulk-load.ts).
    const firstLoad = store.beginFirstLoad()
    report.files = await countCorpusFiles(options.corpusDir)
    const warnings = new CorpusWarningLog(log)
    const skipped = (skip: SkippedItem) => {
      report.skippedTotal++
      if (report.skipped.length < REPORT_LIST_LIMIT) report.skipped.push(skip)
      warnings.skipped(skip)
    }
    // The signal is looked at for every item, not only after an article: a file of nothing but bad lines must stop too.
    for await (const item of readCorpus(options.corpusDir, options)) {
      if (signal?.aborted) break
      if (item.kind === 'warning') {
        if (report.warnings.length < REPORT_LIST_LIMIT) report.warnings.push(item.message)
        warnings.warning(item.message)
        continue
      }
      if (item.kind === 'rejected-field') {
        // counted always, named (in the report and the log) for the first ones only: a corpus where every line has
        // a bad date must not flood either
        if (++report.fieldsRejected <= REPORT_LIST_LIMIT) {
          if (report.warnings.length < REPORT_LIST_LIMIT) report.warnings.push(item.message)
          log.warn({ corpus: item.message }, 'corpus field ignored')
        }
        continue
      }
      if (item.kind === 'skip') {
        skipped(item.skip)
        continue
      }
      const { article } = item
      const first = seen.get(article.id)
      if (first !== undefined) {
        const [file = article.origin, line] = article.origin.split(':')
        skipped({ file, line: line ? Number(line) : null, id: article.id, reason: `duplicate id (first read from ${first})` })
        continue
      }
      seen.set(article.id, article.origin)
      report.read++
      batch.push(article)
      if (batch.length >= options.batchSize) await flush()
    }
    warnings.summary()
    await flush()
    while (ahead.length > 0) await writeOldest()
    if (signal?.aborted) return interrupted()
    if (firstLoad) {
      const built = await stepThrough(store.endFirstLoad())
      if (built === null) return interrupted()
      log.info({ ms: built.ms, indexes: built.steps }, 'first load: indexes built')
    }
    report.removed = store.articles.removeExcept(new Set(seen.keys()))
    const finished = await stepThrough(extractor.finish())
    if (finished === null) return interrupted()
    log.info(finished, 'corpus-wide knowledge rebuilt')
    const written = report.inserted + report.updated + report.removed
    if (written > 0 && written >= FULL_TEXT_MERGE_SHARE * store.articles.count()) {
      const merged = await stepThrough(store.mergeFullText())
      if (merged === null) return interrupted()
      log.info(merged, 'full-text indexes merged')
    }
    // Remembered only if the files did not change while they were read.
    if (fingerprint !== null && fingerprint === (await corpusFingerprint(options.corpusDir, extractor.version, options.maxBytes).catch(() => null))) {
      const saved: SavedReport = { files: report.files, read: report.read, skippedTotal: report.skippedTotal, skipped: report.skipped, warnings: report.warnings, fieldsRejected: report.fieldsRejected, extractionFailures: report.extractionFailures }
      store.corpusState.set({ fingerprint, articles: store.articles.count(), report: JSON.stringify(saved) })
    }
    report.durationMs = Math.round(performance.now() - started)
    report.status = 'ready'
    return report
  }
}
