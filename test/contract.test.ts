import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { PROJECT_ROOT } from '../src/config.js'
import { renderOpenApi } from '../scripts/openapi-document.js'
import { build } from './helper.js'

interface Operation {
  operationId?: string
  tags?: string[]
  summary?: string
  description?: string
  responses: Record<string, { content?: Record<string, unknown> }>
}

t.test('openapi/openapi.json is what the routes serve (run `npm run openapi` after changing a route)', async (t) => {
  const committed = await readFile(path.join(PROJECT_ROOT, 'openapi', 'openapi.json'), 'utf8')
  const live = await renderOpenApi()
  t.equal(committed, live, 'committed contract has drifted from the routes')
})

t.test('every operation is documented for client generators', async (t) => {
  const doc = JSON.parse(await renderOpenApi()) as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } }
  t.equal(doc.openapi, '3.1.0')
  const ids = new Set<string>()
  for (const [route, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const where = `${method.toUpperCase()} ${route}`
      t.ok(op.operationId, `${where} has an operationId`)
      t.notOk(ids.has(op.operationId ?? ''), `${where} operationId is unique`)
      ids.add(op.operationId ?? '')
      t.ok(op.tags?.length, `${where} has tags`)
      t.ok(op.summary, `${where} has a summary`)
      t.ok(op.description, `${where} has a description`)
      t.ok(op.responses['200'], `${where} documents 200`)
      if (route.startsWith('/v1/')) t.ok(Object.keys(op.responses).some((s) => s.startsWith('4')), `${where} documents a 4xx`)
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400) t.ok(response.content?.['application/problem+json'], `${where} ${status} is problem+json`)
      }
    }
  }
  const names = Object.keys(doc.components.schemas)
  t.ok(names.length > 0)
  t.notOk(names.some((n) => /^def-\d+$/.test(n)), 'components have stable names')
  t.notOk(JSON.stringify(doc).includes('"prefixItems"'), 'no tuples (invalid in many OpenAPI tools)')
})

t.test('the contract is served at /openapi.json and rendered at /docs', async (t) => {
  const app = await build(t)
  const doc = await app.inject('/openapi.json')
  t.equal(doc.statusCode, 200)
  t.equal(JSON.parse(doc.body).openapi, '3.1.0')
  const ui = await app.inject('/docs/')
  t.equal(ui.statusCode, 200)
  t.match(ui.headers['content-type'], /text\/html/)
  t.match(ui.body, /swagger/i)
  const json = await app.inject('/docs/json')
  t.equal(json.statusCode, 200, 'Swagger UI loads the same document')
})

t.test('the headers the contract declares are the ones sent', async (t) => {
  const doc = JSON.parse(await renderOpenApi()) as {
    paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>
  }
  const app = await build(t, { RATE_LIMIT_MAX: '1000' })
  for (const [route, methods] of Object.entries(doc.paths)) {
    const op = methods.get
    if (!op) continue
    t.ok(op.responses['500'], `${route} declares the 500`)
    t.ok(Object.values(op.responses).every((r) => r.headers?.['x-request-id']), `${route}: every response declares x-request-id`)
    if (route.includes('{')) continue
    const res = await app.inject({ url: route === '/v1/search' ? '/v1/search?q=Putin' : route, headers: { origin: 'https://example.org' } })
    t.equal(res.statusCode, 200, route)
    for (const name of Object.keys(op.responses['200']?.headers ?? {})) t.ok(res.headers[name.toLowerCase()] !== undefined, `${route}: ${name} is sent`)
  }
})
