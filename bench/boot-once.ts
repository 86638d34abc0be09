/**
 * One boot in this process, for profiling (`node --import tsx --cpu-prof bench/boot-once.ts`): builds the app on
 * CORPUS_DIR / DB_PATH, waits for the corpus, prints { ms, cpuMs, threads, peakRssMb, articles, report } and exits.
 * `mainCpuMs`: CPU milliseconds of the main thread (reading, SQLite, read models), from /proc/self/task (Linux; null
 * elsewhere); `cpuMs` less it is the extraction workers' (and V8's and libuv's helper threads').
 */
import { readFileSync } from 'node:fs'
import { buildApp } from '../src/app.js'
import { createConfig } from '../src/config.js'

/** CPU ms of this process's main thread (utime + stime, in USER_HZ = 100 ticks a second), or null off Linux. */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return null
  }
}

const started = performance.now()
const app = await buildApp(createConfig({ LOG_LEVEL: 'error', ...process.env }))
await app.ready()
const report = await app.corpus.done
const ms = Math.round(performance.now() - started)
const articles = app.store.articles.count()
const usage = process.cpuUsage()
const mainCpuMs = mainThreadCpuMs()
await app.close()
const { skipped: _s, warnings: _w, ...counts } = report
console.log(JSON.stringify({ ms, cpuMs: Math.round((usage.user + usage.system) / 1000), mainCpuMs, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), articles, report: counts }))
