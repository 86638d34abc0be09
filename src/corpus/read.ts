import { createReadStream, type Dirent } from 'node:fs'
import { lstat, readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { createGunzip } from 'node:zlib'
import type { Readable } from 'node:stream'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'
import {
  ArticleMetaSchema,
  JsonlArticleSchema,
  PUBLISHED_AT_PATTERN,
  type SkippedItem,
  type SourceArticle
} from '../../schemas/corpus.js'
import { cleanBody, cleanTitle } from './clean.js'
import type { Dateline } from './dateline.js'

export interface ReadOptions {
  maxBytes: number
  /** Reads source and date from a dateline at the top of the body, for articles without metadata. */
  dateline: (body: string) => Dateline | null
}

/**
 * What the reader yields: an article ready to store, a skipped file or line, a warning, or a field of a stored
 * article that was dropped as unusable.
 */
export type CorpusItem =
  | { kind: 'article'; article: SourceArticle }
  | { kind: 'skip'; skip: SkippedItem }
  | { kind: 'warning'; message: string }
  | { kind: 'rejected-field'; message: string }

const PUBLISHED_AT = new RegExp(PUBLISHED_AT_PATTERN)
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
const MAX_ID_LENGTH = 256
/** The JSONL line check, compiled once (Value.Check interprets the schema on every line: ~0.6 s of a 60k boot). */
const jsonlArticle = Compile(JsonlArticleSchema)

const skip = (file: string, reason: string, line: number | null = null, id: string | null = null): CorpusItem => ({
  kind: 'skip',
  skip: { file, line, id, reason }
})

function decode(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes)
  } catch {
    return null
  }
}

function looksBinary(bytes: Uint8Array): boolean {
  return bytes.includes(0)
}

/**
 * Turns raw fields into a cleaned article, or a reason it cannot be one. A field that is present but unusable (a
 * `publishedAt` that is no ISO 8601 date) is dropped and named in `rejected`, so the boot report can say so.
 */
function toArticle(
  fields: { id: string; title: string; body: string; publishedAt: string | null; source: string | null; url: string | null },
  origin: string,
  options: ReadOptions,
  rejected: string[] = []
): SourceArticle | string {
  if (fields.id.length === 0 || fields.id.length > MAX_ID_LENGTH) return `id must be 1–${MAX_ID_LENGTH} characters`
  if (/[\u0000-\u001F\u007F]/.test(fields.id)) return 'id contains control characters'
  const title = cleanTitle(fields.title)
  if (!title) return 'no title'
  const body = cleanBody(fields.body)
  if (!body) return 'empty body'
  let { publishedAt, source } = fields
  if (publishedAt !== null && !PUBLISHED_AT.test(publishedAt)) {
    rejected.push(`publishedAt ${JSON.stringify(publishedAt.slice(0, 40))} is not an ISO 8601 date or date-time`)
    publishedAt = null
  }
  if (publishedAt === null || source === null) {
    const dateline = options.dateline(body)
    if (dateline) {
      publishedAt ??= dateline.publishedAt
      source ??= dateline.source
    }
  }
  return { id: fields.id, title, body, publishedAt, source: source?.trim() || null, url: fields.url?.trim() || null, origin }
}

async function* readTxt(dir: string, name: string, options: ReadOptions): AsyncGenerator<CorpusItem> {
  const file = path.join(dir, name)
  const id = name.slice(0, -'.txt'.length)
  const info = await lstat(file)
  // replaced since the directory was listed
  if (!info.isFile()) return yield skip(name, 'not a regular file', null, id)
  if (info.size === 0) return yield skip(name, 'empty file', null, id)
  if (info.size > options.maxBytes) return yield skip(name, `file larger than ${options.maxBytes} bytes`, null, id)
  const bytes = await readFile(file)
  if (looksBinary(bytes)) return yield skip(name, 'binary content (NUL bytes)', null, id)
  const text = decode(bytes)
  if (text === null) return yield skip(name, 'not valid UTF-8', null, id)
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const titleIndex = lines.findIndex((line) => line.trim() !== '')
  if (titleIndex < 0) return yield skip(name, 'empty file', null, id)

  let meta: { publishedAt?: string | undefined; source?: string | undefined; url?: string | undefined } = {}
  const metaName = `${id}.meta.json`
  const metaInfo = await lstat(path.join(dir, metaName)).catch(() => null)
  const metaUnusable = metaInfo === null ? null : !metaInfo.isFile() ? 'not a regular file' : metaInfo.size > options.maxBytes ? `larger than ${options.maxBytes} bytes` : null
  if (metaUnusable !== null) yield { kind: 'warning', message: `${metaName}: ${metaUnusable}; ignored` }
  const metaText = metaInfo !== null && metaUnusable === null ? await readFile(path.join(dir, metaName), 'utf8').catch(() => null) : null
  if (metaText !== null) {
    let parsed: unknown
    try {
      parsed = JSON.parse(metaText)
    } catch {
      parsed = undefined
    }
    if (Value.Check(ArticleMetaSchema, parsed)) meta = parsed
    else yield { kind: 'warning', message: `${metaName}: not valid article metadata (publishedAt, source, url); ignored` }
  }
  const result = toArticle(
    {
      id,
      title: lines[titleIndex] ?? '',
      body: lines.slice(titleIndex + 1).join('\n'),
      publishedAt: meta.publishedAt ?? null,
      source: meta.source ?? null,
      url: meta.url ?? null
    },
    name,
    options
  )
  yield typeof result === 'string' ? skip(name, result, null, id) : { kind: 'article', article: result }
}

/**
 * Splits a byte stream into lines without ever holding more than `maxBytes` of one line: longer lines are
 * reported (by number) and their bytes dropped as they stream past.
 */
async function* byteLines(stream: Readable, maxBytes: number): AsyncGenerator<{ line: number; bytes: Buffer | null }> {
  let parts: Buffer[] = []
  let size = 0
  let oversize = false
  let line = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      line++
      const piece = chunk.subarray(start, nl)
      if (!oversize && size + piece.length <= maxBytes) yield { line, bytes: Buffer.concat([...parts, piece]) }
      else yield { line, bytes: null }
      parts = []
      size = 0
      oversize = false
      start = nl + 1
    }
    const rest = chunk.subarray(start)
    if (rest.length > 0 && !oversize) {
      if (size + rest.length > maxBytes) {
        oversize = true
        parts = []
      } else {
        parts.push(Buffer.from(rest))
        size += rest.length
      }
    }
  }
  if (size > 0 || oversize) yield { line: line + 1, bytes: oversize ? null : Buffer.concat(parts) }
}

const optionalString = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null)

async function* readJsonl(dir: string, name: string, options: ReadOptions): AsyncGenerator<CorpusItem> {
  const file = path.join(dir, name)
  const raw = createReadStream(file)
  const stream = name.endsWith('.gz') ? raw.pipe(createGunzip()) : raw
  raw.on('error', (err) => stream.destroy(err))
  let articles = 0
  try {
    for await (const { line, bytes } of byteLines(stream, options.maxBytes)) {
      if (bytes === null) {
        yield skip(name, `line larger than ${options.maxBytes} bytes`, line)
        continue
      }
      if (bytes.length === 0 || /^\s*$/.test(bytes.toString('latin1'))) continue
      if (looksBinary(bytes)) {
        yield skip(name, 'binary content (NUL bytes)', line)
        continue
      }
      const text = decode(bytes)
      if (text === null) {
        yield skip(name, 'not valid UTF-8', line)
        continue
      }
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        yield skip(name, 'broken JSON line', line)
        continue
      }
      if (!jsonlArticle.Check(parsed)) {
        const id = typeof parsed === 'object' && parsed && 'id' in parsed ? String((parsed as { id: unknown }).id).slice(0, MAX_ID_LENGTH) : null
        const first = [...jsonlArticle.Errors(parsed)][0]
        yield skip(name, `not an article object (${first ? `${first.instancePath || '/'} ${first.message}` : 'bad shape'})`, line, id)
        continue
      }
      const id = String(parsed.id)
      const rejected: string[] = []
      const result = toArticle(
        {
          id,
          title: parsed.title,
          body: parsed.body,
          publishedAt: optionalString(parsed.publishedAt),
          source: optionalString(parsed.source),
          url: optionalString(parsed.url)
        },
        `${name}:${line}`,
        options,
        rejected
      )
      if (typeof result === 'string') yield skip(name, result, line, id)
      else {
        for (const why of rejected) yield { kind: 'rejected-field', message: `${name}:${line} (${id}): ${why}; ignored` }
        articles++
        yield { kind: 'article', article: result }
      }
    }
  } catch (err) {
    yield skip(name, `unreadable after ${articles} articles (${(err as Error).message})`)
  }
}

const isTxt = (name: string) => name.endsWith('.txt')
const isJsonl = (name: string) => name.endsWith('.jsonl') || name.endsWith('.jsonl.gz')

/**
 * Why an entry named like a corpus file is not read, or null for a regular file. Only regular files are opened: a
 * FIFO would block the boot forever, a device (`/dev/zero`) never ends, and a symbolic link could serve any file
 * the service may read (`a.txt -> /etc/passwd`) as an article.
 */
function notRegular(entry: Dirent): string | null {
  if (entry.isFile()) return null
  if (entry.isSymbolicLink()) return 'symbolic link: not followed (copy the file into the corpus directory)'
  if (entry.isDirectory()) return 'directory: the corpus directory is not read recursively'
  if (entry.isFIFO()) return 'FIFO (named pipe): not a regular file'
  if (entry.isSocket()) return 'socket: not a regular file'
  return 'device: not a regular file'
}

/**
 * Reads every article of a corpus directory (not recursive), in file-name order. Never throws on content:
 * bad files and lines come out as `skip` items, and so do entries named like corpus files that are not regular
 * files. Only a missing or unreadable directory throws.
 */
export async function* readCorpus(dir: string, options: ReadOptions): AsyncGenerator<CorpusItem> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true })
  const named = entries.filter((e) => isTxt(e.name) || isJsonl(e.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of named) {
    const { name } = entry
    const refused = notRegular(entry)
    if (refused !== null) {
      yield skip(name, refused)
      continue
    }
    try {
      if (isTxt(name)) yield* readTxt(dir, name, options)
      else yield* readJsonl(dir, name, options)
    } catch (err) {
      yield skip(name, `unreadable (${(err as Error).message})`)
    }
  }
}

/** Number of corpus files `readCorpus` will read. */
export async function countCorpusFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true })
  return entries.filter((e) => e.isFile() && (isTxt(e.name) || isJsonl(e.name))).length
}
