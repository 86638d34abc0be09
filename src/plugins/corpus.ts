import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { BootReport } from '../../schemas/corpus.js'
import type { Config } from '../../schemas/config.js'
import { emptyReport, ingestCorpus } from '../corpus/ingest.js'
import { createExtractPool, defaultPoolSize } from '../corpus/extract-pool.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The corpus boot: its live report, and a promise that settles when it is over. */
    corpus: { report: BootReport; done: Promise<BootReport> }
  }
}


/**
 * Boots the corpus once the app is ready, in the background: the server answers /health/live at once and
 * /health/ready when the corpus is in. One log line summarises the boot.
 */
export default fp(
  async function corpusPlugin(app: FastifyInstance, opts: { config: Config }) {
    const report = emptyReport(opts.config.CORPUS_DIR)
    let settle: (r: BootReport) => void = () => {}
    const done = new Promise<BootReport>((resolve) => {
      settle = resolve
    })
    app.decorate('corpus', { report, done })
    const abort = new AbortController()
    // Extraction runs in worker threads (each loads the knowledge base once) while the main thread reads and writes.
    const workers = opts.config.EXTRACT_WORKERS ?? defaultPoolSize()
    const pool = workers > 0 ? () => createExtractPool({ size: workers, kbDir: opts.config.KB_DIR }) : undefined

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
            const { skipped: _s, warnings: _w, ...counts } = r
            app.log.info({ boot: counts, articles: app.store.articles.count() }, `corpus booted in ${r.durationMs} ms`)
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
