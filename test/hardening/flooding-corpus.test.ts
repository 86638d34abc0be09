/**
 * Issue 15 (3): a tiny .jsonl.gz of millions of duplicate-id lines wrote one warn line per skipped line (775 MB of
 * log, RSS 140 → 775 MB) and, since the boot loop only looked at the shutdown signal after a stored article, SIGTERM
 * waited for the whole file, past the grace. Now repeated warnings are logged a few times and then counted, and the
 * boot stops at the signal whatever the lines are.
 */
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { tempDir } from '../helper.js'
import { get, startServer, waitFor, type Child } from './child.js'

const LINE = '{"id":"b","title":"t","body":"b"}\n'

/**
 * `members` gzip members of `linesPerMember` identical lines each, concatenated (a valid .gz: gunzip reads every
 * member). Compressing one member and repeating it keeps the test's own cost small whatever the line count.
 */
function floodingCorpus(dir: string, linesPerMember: number, members: number): string {
  const corpus = path.join(dir, 'corpus')
  mkdirSync(corpus)
  const member = gzipSync(LINE.repeat(linesPerMember), { level: 1 })
  writeFileSync(path.join(corpus, 'b.jsonl.gz'), Buffer.concat(Array.from({ length: members }, () => member)))
  return corpus
}

const stdoutBytes = (child: Child) => child.lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0)
const port = (child: Child) => async () => {
  const line = child.lines.find((l) => l.includes('Server listening at'))
  const match = line ? /127\.0\.0\.1:(\d+)/.exec(line) : null
  return match ? Number(match[1]) : undefined
}
/** Peak resident set of a live process, in MB (Linux), or null. */
function peakRssMb(pid: number | undefined): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return kb ? Math.round(Number(kb[1]) / 1024) : null
  } catch {
    return null
  }
}

t.test('200,000 duplicate lines: the boot completes, the log stays small, the report counts every one', async (t) => {
  const dir = tempDir(t)
  const corpus = floodingCorpus(dir, 20_000, 10)
  const child = startServer(0, { CORPUS_DIR: corpus, DB_PATH: path.join(dir, 'news.db'), LOG_LEVEL: 'info', EXTRACT_WORKERS: '0' })
  t.teardown(() => child.proc.kill('SIGKILL'))
  const listening = await waitFor('listening', port(child), 60_000)
  const ready = await waitFor(
    'ready',
    async () => {
      const res = await get(listening, '/health/ready')
      return res.status === 200 ? (JSON.parse(res.body) as { articles: number; boot: { skippedTotal: number; skipped: unknown[] } }) : undefined
    },
    300_000,
    200
  )
  const rss = peakRssMb(child.proc.pid)
  child.proc.kill('SIGTERM')
  t.equal((await child.exited).code, 0)

  t.equal(ready.articles, 1, 'one article')
  t.equal(ready.boot.skippedTotal, 199_999, 'every duplicate counted')
  t.ok(ready.boot.skipped.length <= 100, 'the report lists a bounded sample')
  const skipLines = child.lines.filter((l) => l.includes('corpus item skipped'))
  t.ok(skipLines.length <= 20, `${skipLines.length} skip lines logged, not one per line`)
  const summary = child.lines.find((l) => l.includes('not logged one by one'))
  t.ok(summary, 'one line counts the rest')
  t.match(summary, /"duplicate id[^"]*":199\d{3}/, 'by reason')
  const bytes = stdoutBytes(child)
  t.ok(bytes < 100_000, `log ${bytes} bytes`)
  t.comment(`log ${bytes} bytes, ${child.lines.length} lines; peak RSS ${rss} MB`)
})

t.test('SIGTERM while millions of duplicate lines are read: the boot stops and the process exits 0 within the grace', async (t) => {
  const dir = tempDir(t)
  // 8,000,000 lines (about 280 MB unpacked, like the probe's), far longer to read than the grace
  const corpus = floodingCorpus(dir, 40_000, 200)
  const child = startServer(0, { CORPUS_DIR: corpus, DB_PATH: path.join(dir, 'news.db'), LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '10000', EXTRACT_WORKERS: '0' })
  t.teardown(() => child.proc.kill('SIGKILL'))
  await waitFor('listening', port(child), 60_000)
  // The boot is under way once it has skipped a duplicate.
  await waitFor('a skipped duplicate', async () => (child.lines.some((l) => l.includes('duplicate id')) ? true : undefined), 120_000)
  child.proc.kill('SIGTERM')
  const exit = await child.exited
  t.equal(exit.code, 0, 'a clean exit, not the grace timeout (which exits 1)')
  t.notOk(child.lines.some((l) => l.includes('killed by timeout')), 'the grace was not exhausted')
  t.ok(child.lines.some((l) => l.includes('corpus boot stopped')), 'the boot said it stopped')
  const bytes = stdoutBytes(child)
  t.ok(bytes < 1_000_000, `log ${bytes} bytes`)
})
