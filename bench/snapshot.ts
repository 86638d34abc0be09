/**
 * Snapshots, measured (issue 16): `npx tsx bench/snapshot.ts [CORPUS_DIR]` (default: the seeds) builds dist/, then
 * in one run on one machine
 * - builds a snapshot of the corpus from nothing (`node dist/src/snapshot.js`: boot, VACUUM INTO, check, SHA-256),
 * - builds it again from that snapshot, the corpus unchanged (the incremental path: copy, no article extracted),
 * - starts `DB_PATH=… DB_READONLY=true node dist/src/server.js` BENCH_STARTS times (default 5), from spawn to the
 *   first 200 of /health/ready, with its manifest beside it (SHA-256 check) and without (quick_check),
 * and prints the figures (median and range of the starts). Files go to a temp directory, removed at the end;
 * BENCH_SNAPSHOT=<a snapshot> skips both builds and times the starts on it.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const corpus = path.resolve(process.argv[2] ?? path.join(ROOT, 'seeds'))
const starts = Number(process.env.BENCH_STARTS ?? 5)
const PORT = 3591

function run(command: string, args: string[], env: Record<string, string> = {}): { ms: number; stdout: string } {
  const started = performance.now()
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${result.status}\n${result.stderr}`)
  return { ms: performance.now() - started, stdout: result.stdout }
}

async function readyAfter(dbPath: string): Promise<number> {
  const started = performance.now()
  const proc = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: ROOT,
    env: { ...process.env, DB_PATH: dbPath, DB_READONLY: 'true', PORT: String(PORT), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const exited = new Promise((resolve) => proc.once('exit', resolve))
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`server exited ${proc.exitCode}: ${stderr}`)
      const res = await fetch(`http://127.0.0.1:${PORT}/health/ready`).catch(() => null)
      if (res?.status === 200) return performance.now() - started
      await new Promise((r) => setTimeout(r, 10))
    }
  } finally {
    proc.kill('SIGTERM')
    await exited
  }
}

async function startTimes(dbPath: string): Promise<string> {
  const times: number[] = []
  for (let i = 0; i < starts; i++) times.push(await readyAfter(dbPath))
  times.sort((a, b) => a - b)
  const s = (ms: number) => (ms / 1000).toFixed(2)
  return `${s(times[Math.floor(times.length / 2)] ?? 0)} s (${s(times[0] ?? 0)}–${s(times[times.length - 1] ?? 0)}, ${starts} starts)`
}

const dir = mkdtempSync(path.join(tmpdir(), 'news-intel-snapshot-bench-'))
try {
  run('npm', ['run', 'build'])
  const rows: [string, string][] = []
  let snapshot = process.env.BENCH_SNAPSHOT
  if (!snapshot) {
    snapshot = path.join(dir, 'news.db')
    const env = { CORPUS_DIR: corpus, LOG_LEVEL: 'error' }
    const cold = run(process.execPath, ['dist/src/snapshot.js', snapshot], env)
    rows.push(['build from nothing', `${(cold.ms / 1000).toFixed(1)} s — ${cold.stdout.trim()}`])
    const again = run(process.execPath, ['dist/src/snapshot.js', snapshot], env)
    rows.push(['build again, corpus unchanged', `${(again.ms / 1000).toFixed(1)} s — ${again.stdout.trim()}`])
  }
  rows.push(['snapshot size', `${(statSync(snapshot).size / 1e6).toFixed(1)} MB`])
  rows.push(['read-only start → ready (SHA-256 check)', await startTimes(snapshot)])
  const manifest = `${snapshot}.manifest.json`
  renameSync(manifest, `${manifest}.away`)
  try {
    rows.push(['read-only start → ready (quick_check, no manifest beside)', await startTimes(snapshot)])
  } finally {
    renameSync(`${manifest}.away`, manifest)
  }
  console.log(`corpus ${corpus}; node ${process.version}; ${new Date().toISOString()}`)
  for (const [what, value] of rows) console.log(`${what.padEnd(58)} ${value}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
