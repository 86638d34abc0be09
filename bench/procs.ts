/**
 * The bench's server processes: start (optionally pinned to a CPU), wait for a path, stop, and read what the kernel
 * knows of them (peak resident set, CPU time), plus the size of a database on disk.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { once } from 'node:events'
import os from 'node:os'

export const HOST = '127.0.0.1'

const children = new Set<ChildProcess>()

/** Tracks a child process for `killAll`. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

/** Kills every process the bench started and has not stopped (on exit). */
export function killAll(): void {
  for (const c of children) c.kill('SIGKILL')
}

/**
 * HTTP runs pin every server to one CPU and the load generator (this process) to another, when the machine has two
 * and `taskset` exists (BENCH_PIN=0 turns it off): on two shared cores the scheduler otherwise moves the generator
 * onto the server's core at random, and the figures drift by a third between runs. Boots are never pinned (the
 * extraction pool uses every core).
 */
export const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0
export const SERVER_CPU = '1'
export const LOADER_CPU = '0'

/** Pins this process (the load generator) to its CPU, when pinning. */
export function pinLoader(): void {
  if (PIN) spawnSync('taskset', ['-a', '-p', '-c', LOADER_CPU, String(process.pid)], { stdio: 'ignore' })
}

/** `cmd args` as started for an HTTP run: on the server CPU when pinning. */
export function serverCommand(cmd: string, args: string[], pin: boolean): [string, string[]] {
  return pin && PIN ? ['taskset', ['-c', SERVER_CPU, cmd, ...args]] : [cmd, args]
}

/** Starts `node <script> args` in `cwd`, tracked for cleanup. */
export function startProcess(script: string, args: string[], options: { cwd: string; env?: Record<string, string>; pin?: boolean }): ChildProcess {
  const [cmd, argv] = serverCommand(process.execPath, [script, ...args], options.pin ?? false)
  return track(spawn(cmd, argv, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'inherit'] }))
}

/** Starts a built server (`<root>/dist/src/server.js`) on `port`, the per-client rate limit off. */
export function startServer(root: string, env: Record<string, string>, port: number, pin = false): ChildProcess {
  return startProcess('dist/src/server.js', [], {
    cwd: root,
    pin,
    // the per-client rate limit would answer most of a load test with 429: it is not what is measured here
    env: { HOST, PORT: String(port), LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', ...env }
  })
}

export async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const [code] = (await exited) as [number | null]
  clearTimeout(timer)
  return code
}

/** Headers that belong to the connection or the moment, not to the response: a replay must not copy them. */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'content-type'])

export async function get(port: number, p: string): Promise<{ status: number; body: string; contentType: string; headers: Record<string, string> }> {
  const res = await fetch(`http://${HOST}:${port}${p}`)
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !HOP_HEADERS.has(name)))
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '', headers }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls until `p` answers 200 (or the process dies); returns the milliseconds it took. */
export async function waitFor(child: ChildProcess, port: number, p: string, timeoutMs = 3_600_000): Promise<{ ms: number; body: string; liveDuringBoot: boolean }> {
  const started = performance.now()
  let liveDuringBoot = false
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before ${p} was ready`)
    try {
      const r = await get(port, p)
      if (r.status === 200) return { ms: Math.round(performance.now() - started), body: r.body, liveDuringBoot }
      if (!liveDuringBoot) liveDuringBoot = (await get(port, '/health/live')).status === 200
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  throw new Error(`${p} not ready after ${timeoutMs} ms`)
}

/** Peak resident set (VmHWM) of a live process, MB: covers the main thread and the extraction workers. */
export function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Math.round(Number(m[1]) / 1024) : null
  } catch {
    return null
  }
}

/** CPU time of a live process so far, ms: every thread, those that have ended included (utime + stime, 100 ticks/s). */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return null
  }
}

/** Bytes of a SQLite database on disk: the file and its write-ahead log. */
export function databaseBytes(file: string): number {
  return [file, `${file}-wal`].filter((f) => existsSync(f)).reduce((n, f) => n + statSync(f).size, 0)
}
