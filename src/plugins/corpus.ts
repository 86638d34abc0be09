import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors.js'
import fp from 'fastify-plugin'
import type { BootReport } from '../../schemas/corpus.js'
import type { Config } from '../../schemas/config.js'
import { dataVersion, emptyReport, ingestCorpus, restoreReport } from '../corpus/ingest.js'
import { createExtractPool, defaultPoolSize } from '../corpus/extract-pool.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The corpus boot: its live report, a promise that settles when it is over, whether it is over and complete
     * (what /health/ready says), and the data version of what it left (null until then, or when the corpus changed
     * while it was read).
     */
    corpus: { report: BootReport; done: Promise<BootReport>; ready: boolean; dataVersion: string | null }
  }
}

/**
 * A snapshot served read-only is booted already: its report is the one its build saved, as a boot that found every
 * article unchanged, and its data version the manifest's.
 */
function servedSnapshot(app: FastifyInstance): void {
  const manifest = app.snapshot
  if (manifest === null) throw new Error('corpus: read-only mode without a snapshot')
  const report = emptyReport(manifest.corpusDir)
  const saved = app.store.corpusState.get()
  if (saved !== null) restoreReport(report, saved.report)
  report.status = 'ready'
  report.startedAt = manifest.builtAt
  report.durationMs = 0
  app.decorate('corpus', { report, done: Promise.resolve(report), ready: true, dataVersion: manifest.dataVersion })
}

/** `Retry-After` of a /v1 request during a first load. */
const FIRST_LOAD_RETRY_AFTER_S = 10

/**
 * Boots the corpus once the app is ready, in the background: the server answers /health/live at once and
 * /health/ready when the corpus is in. One log line summarises the boot.
 */
export default fp(
  async function corpusPlugin(app: FastifyInstance, opts: { config: Config }) {
    if (opts.config.DB_READONLY) return servedSnapshot(app)
    const report = emptyReport(opts.config.CORPUS_DIR)
    let settle: (r: BootReport) => void = () => {}
    const done = new Promise<BootReport>((resolve) => {
      settle = resolve
    })
    const corpus = { report, done, ready: false, dataVersion: null as string | null }
    app.decorate('corpus', corpus)
    const abort = new AbortController()
    // Extraction runs in worker threads (each loads the knowledge base once) while the main thread reads and writes.
    const workers = opts.config.EXTRACT_WORKERS ?? defaultPoolSize()
    const pool = workers > 0 ? () => createExtractPool({ size: workers, kbDir: opts.config.KB_DIR }) : undefined

    // A first load builds the database's secondary indexes after its last batch (db/bulk-load.ts): until then /v1 has
    // nothing consistent to answer from, and says so as /health/ready does. One flag test per request otherwise.
    app.addHook('onRequest', (request, _reply, done) => {
      if (!app.store.firstLoad || !request.url.startsWith('/v1/')) return done()
      done(new AppError('notReady', `the corpus is loading into an empty database (${report.read} articles read so far); poll /health/ready`, undefined, { retryAfter: FIRST_LOAD_RETRY_AFTER_S }))
    })

    let started = false
    app.addHook('onReady', async () => {
      started = true
      ingestCorpus(app.store, report, {
        corpusDir: opts.config.CORPUS_DIR,
        batchSize: opts.config.INGEST_BATCH_SIZE,
        maxBytes: opts.config.MAX_ARTICLE_BYTES,
        dateline: app.knowledge.dateline,
        extractor: app.knowledge.extractor(app.store),
        log: app.log,
        signal: abort.signal,
        pool
      })
        .then(
          (r) => {
            if (r.status !== 'ready') return app.log.warn({ boot: r.error }, 'corpus boot stopped')
            // recorded only when the files did not change while they were read (ingest.ts)
            const state = app.store.corpusState.get()
            corpus.dataVersion = state === null ? null : dataVersion(state.fingerprint, app.knowledge.version)
            corpus.ready = true
            const { skipped: _s, warnings: _w, ...counts } = r
            app.log.info({ boot: counts, articles: app.store.articles.count(), dataVersion: corpus.dataVersion }, `corpus booted in ${r.durationMs} ms`)
          },
          (err: Error) => {
            report.status = 'failed'
            report.error = err.message
            app.log.error({ err }, 'corpus boot failed')
          }
        )
        .finally(() => settle(report))
    })
    app.addHook('onClose', async () => {
      abort.abort()
      // Closed before it was ever ready: there is no boot to wait for.
      if (!started) settle(report)
      await done
    })
  },
  { name: 'corpus', dependencies: ['knowledge', 'store'] }
)
