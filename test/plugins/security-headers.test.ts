import t from 'tap'
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import helmet from 'helmet'
import { API_CSP, DOCS_CSP, HELMET_OPTIONS, helmetHeaders } from '../../src/plugins/security-headers.js'
import { build } from '../helper.js'

/** What helmet's middleware leaves on a real Node response, header names lower-cased. */
function onRealResponse(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const req = new IncomingMessage(new Socket())
  const res = new ServerResponse(req)
  res.setHeader('X-Powered-By', 'something')
  helmet(options)(req, res, (error?: unknown) => {
    if (error) throw error
  })
  return Object.fromEntries(Object.entries(res.getHeaders()).map(([k, v]) => [k, String(v)]))
}

t.test('the precomputed set is what helmet itself sets on a response', async (t) => {
  const headers = helmetHeaders(HELMET_OPTIONS)
  const real = onRealResponse(HELMET_OPTIONS)
  t.same(headers, real)
  t.same(Object.keys(headers).sort(), [
    'cross-origin-opener-policy',
    'cross-origin-resource-policy',
    'referrer-policy',
    'strict-transport-security',
    'x-content-type-options',
    'x-frame-options'
  ])
  // helmet's defaults (everything on) produce more headers, and the recorder follows them too
  const defaults = helmetHeaders({})
  t.same(defaults, onRealResponse({}))
  t.ok(defaults['x-xss-protection'] !== undefined && defaults['content-security-policy'] !== undefined)
})

t.test('every response carries the set, with the CSP for its path', async (t) => {
  const app = await build(t)
  const expected = helmetHeaders(HELMET_OPTIONS)
  const cached = await app.inject('/v1/articles?limit=1')
  const hit = await app.inject('/v1/articles?limit=1')
  const problem = await app.inject('/v1/articles?limit=0')
  const missing = await app.inject('/nowhere')
  const docs = await app.inject('/docs/')
  for (const [name, res, csp] of [
    ['answer', cached, API_CSP],
    ['cached answer', hit, API_CSP],
    ['problem', problem, API_CSP],
    ['unknown route', missing, API_CSP],
    ['docs', docs, DOCS_CSP]
  ] as const) {
    for (const [header, value] of Object.entries(expected)) t.equal(res.headers[header], value, `${name}: ${header}`)
    t.equal(res.headers['content-security-policy'], csp, `${name}: CSP`)
  }
  t.equal(problem.statusCode, 400)
  t.equal(missing.statusCode, 404)
})
