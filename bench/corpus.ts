/**
 * The corpora a bench run boots, made from the shared 60k corpus at bench time in a temporary directory (never in
 * the repository, never the corpus text copied anywhere else): the whole corpus where it lies, its first `n` lines, or
 * a grown corpus of `copies` copies of it — the first as it is, each other with new ids and its publication dates
 * shifted back by whole years (copy k by k years), so every text stays real and each copy lands in other years.
 */
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs'
import { once } from 'node:events'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { createGunzip, createGzip } from 'node:zlib'

/** A size of corpus to boot: `all` (the source as it is), a number of its first lines, or `Nx` (N copies, grown). */
export type CorpusSize = { kind: 'all' } | { kind: 'first'; lines: number } | { kind: 'grown'; copies: number }

export function parseSize(token: string): CorpusSize {
  if (token === 'all') return { kind: 'all' }
  const grown = /^(\d+)x$/.exec(token)
  if (grown) return { kind: 'grown', copies: Number(grown[1]) }
  if (/^\d+$/.test(token)) return { kind: 'first', lines: Number(token) }
  throw new Error(`BENCH_SIZES: '${token}' is not all, a number of lines, or Nx`)
}

export const sizeLabel = (size: CorpusSize): string => (size.kind === 'all' ? 'all' : size.kind === 'first' ? String(size.lines) : `${size.copies}x`)

async function writeLines(source: string, file: string, each: (line: string, write: (line: string) => Promise<void>) => Promise<boolean>): Promise<void> {
  const gz = createGzip({ level: 1 })
  const out = gz.pipe(createWriteStream(file))
  const write = async (line: string) => {
    if (!gz.write(`${line}\n`)) await once(gz, 'drain')
  }
  const lines = createInterface({ input: createReadStream(source).pipe(createGunzip()), crlfDelay: Infinity })
  for await (const line of lines) if (!(await each(line, write))) break
  lines.close()
  gz.end()
  await once(out, 'finish')
}

/**
 * A publication date `years` earlier: the year digits only, so the time, zone and form stay as written (29 February
 * becomes the 28th in a common year). Anything else is left alone.
 */
export function shiftYears(publishedAt: unknown, years: number): unknown {
  if (typeof publishedAt !== 'string') return publishedAt
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(publishedAt)
  if (!m) return publishedAt
  const year = Number(m[1]) - years
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const day = m[2] === '02' && m[3] === '29' && !leap ? '28' : m[3]
  return `${String(year).padStart(4, '0')}-${m[2]}-${day}${publishedAt.slice(10)}`
}

/** Copy `k` (k ≥ 1) of a corpus line: a new id, dates shifted back k years; lines that are no article object stay out. */
export function copyLine(line: string, k: number): string | null {
  let article: unknown
  try {
    article = JSON.parse(line)
  } catch {
    return null
  }
  if (typeof article !== 'object' || article === null || typeof (article as { id?: unknown }).id !== 'string') return null
  const a = article as Record<string, unknown>
  return JSON.stringify({ ...a, id: `${String(a.id)}~y${k}`, publishedAt: shiftYears(a.publishedAt, k) })
}

/** The corpus directory for `size`, made in `dir` (streamed: never the whole corpus in memory). */
export async function makeCorpus(source: string, size: CorpusSize, dir: string): Promise<string> {
  // the whole corpus is read where it is (the reader skips symlinks, and it is never copied)
  if (size.kind === 'all') return path.dirname(source)
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'corpus.jsonl.gz')
  if (size.kind === 'first') {
    let count = 0
    await writeLines(source, file, async (line, write) => {
      await write(line)
      return ++count < size.lines
    })
    return dir
  }
  // copies one after the other: each copy is a pass over the source, so memory stays one line
  const gz = createGzip({ level: 1 })
  const out = gz.pipe(createWriteStream(file))
  for (let k = 0; k < size.copies; k++) {
    const lines = createInterface({ input: createReadStream(source).pipe(createGunzip()), crlfDelay: Infinity })
    for await (const line of lines) {
      const copy = k === 0 ? line : copyLine(line, k)
      if (copy !== null && !gz.write(`${copy}\n`)) await once(gz, 'drain')
    }
  }
  gz.end()
  await once(out, 'finish')
  return dir
}
