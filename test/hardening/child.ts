/** Helpers to run the real server as a child process (tsx), on 127.0.0.1, and talk to it over HTTP. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface Child {
  proc: ChildProcess
  port: number
  /** Every stdout line (pino JSON). */
  lines: string[]
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * `as`: run as another user (uid and gid), e.g. so that file permissions apply to a root test run. That user could
 * not write what tap's process-info hook (which tap adds to every child's NODE_OPTIONS) writes into .tap/ at exit, so
 * its child runs without it.
 */
export function startServer(port: number, env: Record<string, string>, as?: { uid: number; gid: number }): Child {
  const node = [process.execPath, '--import', 'tsx', path.join(ROOT, 'src/server.ts')]
  const [command, ...args] = as ? ['env', '-u', 'NODE_OPTIONS', ...node] : node
  const proc = spawn(command as string, args, {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as
  })
  const lines: string[] = []
  let rest = ''
  proc.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n')
    rest = parts.pop() ?? ''
    lines.push(...parts)
  })
  proc.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')))
  const exited = once(proc, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }))
  return { proc, port, lines, exited }
}

export interface Answer {
  status: number
  body: string
}

/** One GET; `keepAlive: false` opens a fresh connection. Rejects with the socket error (ECONNREFUSED, ECONNRESET…). */
export function get(port: number, url: string, agent: http.Agent | false = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: url, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.setTimeout(30_000, () => req.destroy(new Error('client timeout')))
  })
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** Readiness body, or undefined while not ready. */
export const ready = (port: number) => async () => {
  const res = await get(port, '/health/ready')
  return res.status === 200 ? (JSON.parse(res.body) as { articles: number }) : undefined
}

const PARAS = [
  'قال وزير الخارجية الروسي سيرغي لافروف إن "الوضع في إدلب يتطلب ضبط النفس" مضيفاً أن موسكو ستواصل الحوار مع أنقرة.',
  'وأعلن الجيش التركي مقتل جنديين في قصف على نقطة مراقبة في ريف إدلب الجنوبي يوم الخميس.',
  'وأكد الرئيس التركي رجب طيب أردوغان أن بلاده لن تتراجع عن مطالبها وفق مذكرة سوتشي.'
]

/** A generated JSONL corpus of `n` small articles (never real data), in `dir/generated.jsonl`. */
export async function generateCorpus(dir: string, n: number): Promise<Map<string, string>> {
  const bodies = new Map<string, string>()
  const out = createWriteStream(path.join(dir, 'generated.jsonl'))
  for (let i = 0; i < n; i++) {
    const id = `gen-${String(i).padStart(6, '0')}`
    const body = `${PARAS[i % 3]} (${i})\n${PARAS[(i + 1) % 3]}`
    bodies.set(id, body)
    const day = String((i % 28) + 1).padStart(2, '0')
    const line = JSON.stringify({ id, title: `خبر رقم ${i}`, body, publishedAt: `2020-02-${day}`, source: 'generated', url: null }) + '\n'
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return bodies
}
