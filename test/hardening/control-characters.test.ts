/**
 * Issue 15 (1): a NUL byte inside a full-text `q` reached FTS5's query parser, which reads C strings ("unterminated
 * string", a 500). Every user string now passes one check before anything reaches SQLite: NUL, other C0 and C1
 * controls (tab, line feed and carriage return are whitespace and allowed) and unpaired surrogates are a 400
 * problem+json naming the parameter, in every parameter of every route, path parameters and cursors included.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { build, json } from '../helper.js'
import { ROOT } from './child.js'

interface Problem {
  status: number
  type: string
  errors?: { in: string; name: string; detail: string }[]
}

const doc = JSON.parse(readFileSync(path.join(ROOT, 'openapi/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>
}

t.test('the probe: a NUL inside q is a 400 problem+json naming q, on articles, quotes and search', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '0' })
  for (const url of ['/v1/articles?q=a%00b', '/v1/quotes?q=a%00b', '/v1/search?q=a%00b', `/v1/articles?q=${encodeURIComponent('إدلب\u0000')}`]) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 400, url)
    t.match(String(res.headers['content-type']), /^application\/problem\+json/)
    const problem = json<Problem>(res)
    t.match(problem.type, /validation$/)
    t.same(problem.errors?.map((e) => [e.in, e.name]), [['query', 'q']], 'names the parameter')
    t.match(problem.errors?.[0]?.detail, /control character/)
  }
})

t.test('control characters and unpaired surrogates are refused in every parameter of every operation', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '0' })
  // As they arrive after percent-decoding: NUL, C0 (SOH, ESC), DEL, C1 (NEL, APC). (Percent-escapes of an unpaired
  // surrogate are invalid UTF-8, which the query parser leaves undecoded; a cursor's JSON can carry one, below.)
  const bad = ['a\u0000b', 'a\u0001b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u009fb']
  let checked = 0
  for (const [route, methods] of Object.entries(doc.paths)) {
    const params = (methods.get?.parameters ?? []).filter((p) => p.in === 'query' || p.in === 'path')
    for (const param of params) {
      for (const value of bad) {
        const url =
          param.in === 'path'
            ? route.replace(`{${param.name}}`, encodeURIComponent(value))
            : `${route.replace(/\{\w+\}/g, 'x')}?${param.name}=${encodeURIComponent(value)}`
        const res = await app.inject(url)
        checked++
        t.equal(res.statusCode, 400, `${url} is a 400`)
        const problem = json<Problem>(res)
        t.ok(problem.errors?.some((e) => e.name === param.name), `${url} names ${param.name}`)
      }
    }
  }
  t.ok(checked > 100, `${checked} requests`)
})

t.test('whitespace controls (tab, line feed, carriage return) are ordinary separators in free text', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '0' })
  const plain = json<{ total: number }>(await app.inject(`/v1/articles?q=${encodeURIComponent('مذكرة سوتشي')}`))
  for (const sep of ['\t', '\n', '\r\n']) {
    const res = await app.inject(`/v1/articles?q=${encodeURIComponent(`مذكرة${sep}سوتشي`)}`)
    t.equal(res.statusCode, 200)
    t.equal(json<{ total: number }>(res).total, plain.total, JSON.stringify(sep))
  }
})

t.test('a cursor that decodes to a string with a NUL or an unpaired surrogate is an invalid cursor', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '0' })
  const forge = (json: string) => Buffer.from(json, 'utf8').toString('base64url')
  // Cursors of every shape with strings the lists use: one, two or three strings.
  const forged = ['"a\\u0000b"', '"\\ud800"', '"x\\udc00y"'].flatMap((bad) => [`[${bad}]`, `[${bad},${bad}]`, `[${bad},${bad},${bad}]`])
  for (const list of ['articles', 'quotes', 'events', 'entities', 'agreements', 'timeline']) {
    for (const cursor of forged) {
      const res = await app.inject(`/v1/${list}?cursor=${forge(cursor)}`)
      t.equal(res.statusCode, 400, `${list} ${cursor}`)
      t.match(json<Problem>(res).type, /badCursor$/)
    }
  }
})
