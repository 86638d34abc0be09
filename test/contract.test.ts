import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { createConfig, PROJECT_ROOT } from '../src/config.js'
import { renderOpenApi } from '../scripts/openapi-document.js'
import { build, json } from './helper.js'

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
        if (method === 'head') t.notOk(response.content, `${where} ${status} has no body`)
        else if (Number(status) >= 400) t.ok(response.content?.['application/problem+json'], `${where} ${status} is problem+json`)
      }
      if (method === 'get') {
        t.ok(methods.head, `HEAD ${route} is in the contract`)
        if (route.startsWith('/v1/')) t.ok(op.responses['304'] && !op.responses['304'].content, `${where} declares its bodiless 304`)
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

interface ExampleResponse {
  headers?: Record<string, unknown>
  content?: Record<string, { examples?: Record<string, { description?: string; value: { instance?: string } }> }>
}

t.test('the headers the contract declares are the ones sent, on every answer it has an example of', async (t) => {
  const doc = JSON.parse(await renderOpenApi()) as { paths: Record<string, Record<string, { responses: Record<string, ExampleResponse> }>> }
  const app = await build(t, { RATE_LIMIT_MAX: '1000' })
  for (const [route, methods] of Object.entries(doc.paths)) {
    const op = methods.get
    if (!op) continue
    t.ok(op.responses['500'], `${route} declares the 500`)
    t.ok(Object.values(op.responses).every((r) => r.headers?.['x-request-id']), `${route}: every response declares x-request-id`)
    for (const [status, response] of Object.entries(op.responses)) {
      if (['304', '429', '500', '503'].includes(status)) continue
      const example = Object.values(Object.values(response.content ?? {})[0]?.examples ?? {})[0]
      const url = example?.value.instance ?? example?.description?.replace(/^GET /, '')
      if (!url || route === '/health/ready') continue
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await app.inject({ method, url, headers: { origin: 'https://example.org' } })
        t.equal(res.statusCode, Number(status), `${method} ${url}`)
        for (const name of Object.keys(response.headers ?? {})) t.ok(res.headers[name.toLowerCase()] !== undefined, `${method} ${url} ${status}: ${name} is sent`)
      }
    }
  }
})

t.test('PUBLIC_URL is the server of the contract; /docs works behind its path prefix', async (t) => {
  const local = JSON.parse(await renderOpenApi()) as { servers: { url: string }[] }
  t.same(local.servers.map((s) => s.url), ['/'], 'unset: the origin that serves the document')
  const app = await build(t, { PUBLIC_URL: 'https://api.example.org/news/' })
  const doc = json<{ servers: { url: string; 'x-internal': boolean }[] }>(await app.inject('/openapi.json'))
  t.same(doc.servers.map((s) => [s.url, s['x-internal']]), [['https://api.example.org/news', false]], 'generated clients get the base URL, prefix included')
  t.same(json<{ servers: unknown }>(await app.inject('/docs/json')).servers, doc.servers, 'Swagger UI tries requests there')
  // The proxy strips /news before forwarding, so the service sees /docs; the page must link back under /news.
  const bare = await app.inject('/docs')
  t.equal(bare.statusCode, 200)
  const links = [...bare.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? '')
  t.ok(links.length > 0 && links.every((l) => l.startsWith('/news/docs/static/')), `/docs links under the prefix: ${links.join(' ')}`)
  const slash = await app.inject('/docs/')
  t.ok([...slash.body.matchAll(/(?:href|src)="([^"]+)"/g)].every((m) => (m[1] ?? '').startsWith('./static/')), '/docs/ links relative to itself')
  for (const bad of ['ftp://x.example', 'https://x.example/?q=1', 'https://x.example/#top', 'x.example', '*']) {
    t.throws(() => createConfig({ PUBLIC_URL: bad }), /PUBLIC_URL/, `PUBLIC_URL=${bad} is refused at start-up`)
  }
})
