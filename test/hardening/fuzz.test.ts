/**
 * Contract fuzzing: requests generated from openapi/openapi.json (every path, every parameter, path parameters
 * too) with hostile values, run through `app.inject`. Invariants: never a 5xx; every 4xx is problem+json matching
 * the Problem schema; every 2xx validates against the operation's response schema in the contract; a NUL or other
 * control character in any declared parameter is a 400.
 * Fixed seed and bounded runs, so it is repeatable and stays well under a minute.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import fc from 'fast-check'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import { build } from '../helper.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SEED = 20_260_214
const RANDOM_RUNS = Number(process.env.FUZZ_RUNS ?? 8000)

interface Parameter {
  in: 'query' | 'path' | 'header'
  name: string
  required?: boolean
  schema: Record<string, unknown>
}
interface Operation {
  method: string
  path: string
  parameters: Parameter[]
  ok: ValidateFunction | null
}

const doc = JSON.parse(readFileSync(path.join(ROOT, 'openapi/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { parameters?: Parameter[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>
  components: { schemas: Record<string, unknown> }
}

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateFormats: true }))
/** Every `#/components/schemas/…` reference resolves inside the compiled root, so each root carries the components. */
const compile = (schema: unknown) => ajv.compile({ ...(schema as object), components: doc.components })
const problemValid = compile({ $ref: '#/components/schemas/Problem' })

// GET only: HEAD answers the same statuses without a body.
const operations: Operation[] = Object.entries(doc.paths).flatMap(([p, methods]) =>
  Object.entries(methods).filter(([method]) => method === 'get').map(([method, op]) => {
    const schema = op.responses['200']?.content?.['application/json']?.schema
    return { method: method.toUpperCase(), path: p, parameters: op.parameters ?? [], ok: schema ? compile(schema) : null }
  })
)

const byPath = new Map(operations.map((op) => [op.path, op]))

/** Values any parameter may receive: hostile, boundary and plain. */
const HOSTILE: string[] = [
  '',
  ' ',
  '0',
  '-1',
  '1',
  '100',
  '101',
  '1.5',
  '1e3',
  '1e309',
  '-1e309',
  '99999999999999999999999999',
  '-9223372036854775809',
  '9007199254740993',
  '0x10',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '%',
  '%00',
  '%zz',
  '\u0000',
  // NUL inside a word (FTS5 reads C strings: once a 500), C0 and C1 controls, DEL, unpaired surrogates
  'a\u0000b',
  '\u0000a',
  'إدلب\u0000',
  'a AND\u0000 b',
  '"\u0000"',
  'a\u0001b',
  '\u0008',
  'a\u000bb\u000c',
  '\u001b[31mred',
  'a\u001fb',
  'a\u007fb',
  'a\u0080b',
  'a\u0085b',
  '\u009f',
  'a\ud800b',
  '\udc00',
  'x\ud83d',
  '\t\n\r',
  '"',
  "'",
  '\\',
  '/',
  '..',
  '../../etc/passwd',
  "' OR '1'='1",
  '1; DROP TABLE articles; --',
  "x') UNION SELECT sql FROM sqlite_master --",
  '" OR 1=1 --',
  'a AND b',
  'a OR b',
  'NOT a',
  'NEAR(a b, 2)',
  'title:x',
  '{title body}: x',
  '^x',
  'x*',
  '*',
  '"unbalanced',
  '(((',
  ')',
  '+-',
  'غزة-القدس',
  'إردوغان',
  'مذكرة سوتشي',
  'ی ک ۱۲۳ ے ۃ',
  '١٢٣',
  '\u200f\u202eRTL\u202c\u200e',
  '\u200b\u200c\u200d\ufeff',
  '\ud800',
  '😀👍🏽🇸🇾',
  'é'.normalize('NFD'),
  '2020-02-13',
  '2020-02-30',
  '2020-13-01',
  '0000-00-00',
  '9999-12-31',
  '2020-02-13T00:00:00Z',
  '20200213',
  '-90,-180,90,180',
  '36.2,36.5,36.3,36.6',
  '1,2,3',
  '1,2,3,4,5',
  'a,b,c,d',
  'direct',
  'indirect',
  'attack',
  'reported',
  'x'.repeat(10_000),
  'ب'.repeat(10_000),
  '9'.repeat(600),
  'AAAA'.repeat(200),
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}'
]

/** Values taken from the live service (real ids, a real cursor), so the 200 paths are fuzzed too. */
async function liveValues(app: FastifyInstance): Promise<string[]> {
  const values = new Set<string>()
  for (const list of ['articles', 'quotes', 'events', 'agreements', 'entities']) {
    const res = await app.inject(`/v1/${list}?limit=5`)
    const body = JSON.parse(res.body) as { items: { id: string }[]; nextCursor: string | null }
    for (const item of body.items) values.add(item.id)
    if (body.nextCursor) values.add(body.nextCursor)
    // a real id or cursor with a control character in it
    if (body.items[0]) values.add(`${body.items[0].id}\u0000`)
    if (body.nextCursor) values.add(`${body.nextCursor}\u0001`)
  }
  return [...values]
}

/** What the input guard refuses, as it arrives after percent-decoding (unpaired surrogates arrive as invalid UTF-8). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/

interface Outcome {
  status: number
  problem: string | null
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes out as invalid UTF-8 bytes (%ED%A0%80). */
function encode(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd')).replace(/%EF%BF%BD/g, '%ED%A0%80')
  }
}

function encodeQuery(pairs: [string, string][], raw: boolean): string {
  if (pairs.length === 0) return ''
  // raw: the value as a careless client sends it (bad percent-escapes, `&`, `#`, spaces); otherwise properly encoded.
  return '?' + pairs.map(([k, v]) => `${encode(k)}=${raw ? v.replace(/[#\s]/g, encode).replace(/[\ud800-\udfff]/g, '%ED%A0%80') : encode(v)}`).join('&')
}

t.test('contract fuzzing: no 5xx, every 4xx is problem+json, every 2xx matches the contract', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0' })
  const live = await liveValues(app)
  const values = [...HOSTILE, ...live]
  let tried = 0
  const statuses = new Map<number, number>()
  const failures: string[] = []

  async function send(op: Operation, pathValues: Record<string, string>, query: [string, string][], raw = false): Promise<Outcome> {
    const url =
      op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encode(pathValues[name] ?? 'x')) + encodeQuery(query, raw)
    const res = await app.inject({ method: op.method as 'GET', url })
    tried++
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    let problem: string | null = null
    // in a parameter the operation declares (unknown ones are ignored, whatever they hold)
    const declared = new Set(op.parameters.map((p) => p.name))
    const control = !raw && [...Object.values(pathValues), ...query.filter(([k]) => declared.has(k)).map(([, v]) => v)].some((v) => CONTROL.test(v))
    if (control && res.statusCode !== 400 && res.statusCode !== 414) problem = `${res.statusCode} for a control character (expected 400)`
    else if (res.statusCode >= 500) problem = `${res.statusCode}: ${res.body.slice(0, 300)}`
    else if (res.statusCode >= 400) {
      if (!String(res.headers['content-type']).startsWith('application/problem+json')) problem = `${res.statusCode} is not problem+json`
      else if (!problemValid(JSON.parse(res.body))) problem = `${res.statusCode} body is not a Problem: ${ajv.errorsText(problemValid.errors)}`
    } else if (res.statusCode >= 200 && res.statusCode < 300) {
      // An empty path parameter makes `/v1/quotes/` (trailing slash ignored), which is the list, not one record.
      const served = Object.values(pathValues).some((v) => v === '') ? (byPath.get(op.path.replace(/\/\{\w+\}$/, '')) ?? op) : op
      if (served.ok && !served.ok(JSON.parse(res.body))) problem = `200 does not match the contract: ${ajv.errorsText(served.ok.errors).slice(0, 300)}`
    } else problem = `unexpected status ${res.statusCode}`
    if (problem && failures.length < 50) failures.push(`${op.method} ${url.slice(0, 200)} → ${problem}`)
    return { status: res.statusCode, problem }
  }

  // 1. Exhaustive table: every operation × every parameter × every hostile value, alone.
  for (const op of operations) {
    const pathParams = op.parameters.filter((p) => p.in === 'path').map((p) => p.name)
    for (const param of op.parameters.filter((p) => p.in === 'query' || p.in === 'path')) {
      for (const value of values) {
        if (param.in === 'path') await send(op, { [param.name]: value }, [])
        else await send(op, Object.fromEntries(pathParams.map((n) => [n, live[0] ?? 'x'])), [[param.name, value]])
      }
    }
    if (op.parameters.length === 0) for (const value of values) await send(op, {}, [['x', value]])
  }
  const exhaustive = tried

  // 2. Random combinations: several parameters at once, repeated parameters, unknown parameters, raw encodings.
  const valueArb = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
    { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom('"', "'", '(', ')', '*', '^', ':', '-', '+', 'AND', 'OR', 'NEAR', ' ', '،', 'ا'), { maxLength: 30 }).map((a) => a.join('')) }
  )
  const requestArb = fc.integer({ min: 0, max: operations.length - 1 }).chain((index) => {
    const op = operations[index]!
    const names = [...op.parameters.filter((p) => p.in === 'query').map((p) => p.name), 'unknown', 'limit']
    return fc.record({
      op: fc.constant(op),
      pathValue: valueArb,
      query: fc.array(fc.tuple(fc.constantFrom(...names), valueArb), { maxLength: 6 }),
      raw: fc.boolean()
    })
  })
  await fc.assert(
    fc.asyncProperty(requestArb, async ({ op, pathValue, query, raw }) => {
      const names = op.parameters.filter((p) => p.in === 'path').map((p) => p.name)
      // Failures are collected (and reported all together below) rather than shrunk: each one is a finding.
      await send(op, Object.fromEntries(names.map((n) => [n, pathValue])), query, raw)
    }),
    { seed: SEED, numRuns: RANDOM_RUNS }
  )

  const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')
  t.comment(`fuzz: ${tried} requests (${exhaustive} exhaustive + ${tried - exhaustive} random, seed ${SEED}); statuses ${summary}`)
  t.same(failures, [], 'no invariant broken')
  t.ok((statuses.get(200) ?? 0) > 100, 'a good share of requests reached the 200 paths')
  t.ok(tried >= 10_000, `${tried} requests tried`)
})
