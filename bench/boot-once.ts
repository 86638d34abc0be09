/**
 * One boot in this process, for profiling (`node --import tsx --cpu-prof bench/boot-once.ts`): builds the app on
 * CORPUS_DIR / DB_PATH, waits for the corpus, prints { ms, peakRssMb, articles, report } and exits.
 */
import { buildApp } from '../src/app.js'
import { createConfig } from '../src/config.js'

const started = performance.now()
const app = await buildApp(createConfig({ LOG_LEVEL: 'error', ...process.env }))
await app.ready()
const report = await app.corpus.done
const ms = Math.round(performance.now() - started)
const articles = app.store.articles.count()
await app.close()
const { skipped: _s, warnings: _w, ...counts } = report
console.log(JSON.stringify({ ms, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), articles, report: counts }))
