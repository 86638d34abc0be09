/**
 * The contract's examples are right: each validates against its schema; every answer of every GET has its own;
 * each problem example is what the service answers to its request (status, type, detail, fields); each success
 * example names records the seeds have and answers a request that validates against the same schema. Extraction may
 * improve (texts, spans, counts move): the checks on live data are shapes and ids, not every value.
 */
import t from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { renderOpenApi } from '../scripts/openapi-document.js'
import { ErrorCodes, PROBLEM_BASE } from '../src/errors.js'
import { build, json } from './helper.js'

interface Example {
  summary?: string
  description?: string
  value: unknown
}
interface Response {
  description: string
  headers?: Record<string, { $ref?: string }>
  content?: Record<string, { schema: unknown; examples?: Record<string, Example> }>
}
interface Parameter {
  $ref?: string
  in?: string
  name?: string
  schema?: unknown
  example?: unknown
}
interface Operation {
  operationId: string
  parameters?: Parameter[]
  responses: Record<string, Response>
}
interface Doc {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, { examples?: unknown[] }>; headers: Record<string, { schema: unknown; example?: unknown }>; parameters: Record<string, Parameter> }
}
interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance: string
  requestId: string
  errors?: unknown[]
}

const doc = JSON.parse(await renderOpenApi()) as Doc
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }))
const validate = (schema: unknown, value: unknown): string | null => {
  const check = ajv.compile({ ...(schema as object), components: doc.components })
  return check(value) ? null : ajv.errorsText(check.errors)
}
/** A parameter's example, or that of the named schema it refers to (the enumerations). */
const exampleOf = (schema: unknown): unknown => {
  const ref = (schema as { $ref?: string } | undefined)?.$ref
  return ref ? doc.components.schemas[ref.split('/').pop() ?? '']?.examples?.[0] : undefined
}
const gets = Object.entries(doc.paths).map(([path, methods]) => ({ path, op: methods.get as Operation }))

t.test('every shared schema, parameter and header example validates against its schema', async (t) => {
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    t.ok(schema.examples?.length, `${name} has an example`)
    for (const example of schema.examples ?? []) t.equal(validate({ $ref: `#/components/schemas/${name}` }, example), null, `${name} example`)
  }
  for (const [name, header] of Object.entries(doc.components.headers)) {
    if (header.example !== undefined) t.equal(validate(header.schema, header.example), null, `header ${name} example`)
  }
  for (const { path, op } of gets) {
    for (const p of op.parameters ?? []) {
      const param = p.$ref ? (doc.components.parameters[p.$ref.split('/').pop() ?? ''] as Parameter) : p
      const example = param.example ?? exampleOf(param.schema)
      t.not(example, undefined, `${op.operationId} ${param.name ?? '?'} has an example`)
      t.equal(validate(param.schema, example), null, `${path} ${param.name ?? '?'} example`)
    }
  }
})

t.test('every answer of every operation has its own examples, and problem examples carry their own status and type', async (t) => {
  for (const { op } of gets) {
    for (const [status, response] of Object.entries(op.responses)) {
      const where = `${op.operationId} ${status}`
      if (status === '304') {
        t.notOk(response.content, `${where}: no body`)
        continue
      }
      const [media, content] = Object.entries(response.content ?? {})[0] ?? []
      const examples = Object.values(content?.examples ?? {})
      t.ok(examples.length > 0, `${where} has examples`)
      for (const example of examples) {
        t.equal(validate(content?.schema, example.value), null, `${where} ${example.summary ?? ''} matches the schema`)
        if (Number(status) < 400) continue
        t.equal(media, 'application/problem+json', `${where} is problem+json`)
        const problem = example.value as Problem
        t.equal(problem.status, Number(status), `${where} ${example.summary ?? ''}: status`)
        const code = problem.type.slice(PROBLEM_BASE.length) as keyof typeof ErrorCodes
        t.equal(ErrorCodes[code]?.status, Number(status), `${where}: ${problem.type} is a ${status} type`)
        t.equal(problem.title, ErrorCodes[code]?.title, `${where}: title of ${code}`)
        t.ok(response.description.includes(`\`${code}\``), `${where}: the description names ${code}`)
      }
    }
  }
})

t.test('the problem types are enumerated and documented in the contract', async (t) => {
  const type = (doc.components.schemas.Problem as { properties: { type: { oneOf: { const: string; description: string }[] } } }).properties.type
  t.same(
    type.oneOf.map((o) => o.const),
    Object.keys(ErrorCodes).map((code) => PROBLEM_BASE + code)
  )
  for (const option of type.oneOf) t.ok(option.description.length > 40, `${option.const} says what it means and what to do`)
})

t.test('problem examples are what the service answers to their requests', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '1000' })
  for (const { op } of gets) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) < 400 || ['429', '500', '503'].includes(status) && op.operationId !== 'getReadiness') continue
      for (const example of Object.values(response.content?.['application/problem+json']?.examples ?? {})) {
        const expected = example.value as Problem
        if (op.operationId === 'getReadiness') continue // the boot is over once the app is built; checked below
        const res = await app.inject(expected.instance)
        const where = `${op.operationId}: ${expected.instance.slice(0, 80)}`
        t.equal(res.statusCode, Number(status), `${where} → ${status}`)
        const served = json<Problem>(res)
        t.same({ ...served, requestId: expected.requestId }, expected, where)
      }
    }
  }
})

t.test('the 429 example is what the rate limit answers', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '1000' })
  const op = doc.paths['/v1/articles']?.get as Operation
  const expected = Object.values(op.responses['429']?.content?.['application/problem+json']?.examples ?? {})[0]?.value as Problem
  let res = await app.inject(expected.instance)
  for (let i = 0; i < 1000 && res.statusCode !== 429; i++) res = await app.inject(expected.instance)
  t.equal(res.statusCode, 429)
  // The wait in the detail is the time left in the window: a minute, or less on a slow machine.
  const served = json<Problem>(res)
  t.same({ ...served, requestId: expected.requestId, detail: expected.detail }, expected)
  const prefix = expected.detail.replace(/ retry in .*$/, '')
  t.ok(served.detail.startsWith(prefix) && /retry in \d+ (minute|second)s?$/.test(served.detail), served.detail)
})

/** The records a success example names, as detail URLs that must answer 200. */
function recordUrls(operationId: string, value: unknown): string[] {
  const resource = { Article: 'articles', Quote: 'quotes', Event: 'events', Agreement: 'agreements', Entit: 'entities' }
  const base = Object.entries(resource).find(([noun]) => operationId.includes(noun))?.[1]
  const page = value as { items?: Record<string, unknown>[]; id?: string }
  const items = page.items ?? [page as Record<string, unknown>]
  return items.flatMap((item) => {
    if (operationId === 'search') return [`/v1/${item.kind === 'entity' ? 'entities' : `${String(item.kind)}s`}/${String(item.id)}`]
    if (operationId === 'getTimeline') {
      const quote = item.quote as { id: string } | null
      const event = item.event as { id: string } | null
      return quote ? [`/v1/quotes/${quote.id}`] : event ? [`/v1/events/${event.id}`] : []
    }
    return base && typeof item.id === 'string' ? [`/v1/${base}/${item.id}`] : []
  })
}

t.test('success examples name records of the seeds and answer their requests', async (t) => {
  const app = await build(t)
  for (const { op } of gets) {
    const content = op.responses['200']?.content?.['application/json']
    for (const example of Object.values(content?.examples ?? {})) {
      const request = (example.description ?? '').replace(/^GET /, '')
      const res = await app.inject(request)
      t.equal(res.statusCode, 200, `${op.operationId}: ${request}`)
      t.equal(validate(content?.schema, json(res)), null, `${op.operationId}: the answer to ${request} has the example's schema`)
      const urls = recordUrls(op.operationId, example.value)
      if (op.operationId.startsWith('get') && op.operationId !== 'getTimeline' && !op.operationId.endsWith('ness')) t.ok(urls.length, `${op.operationId} names a record`)
      for (const url of urls) t.equal((await app.inject(url)).statusCode, 200, `${op.operationId}: ${url} exists`)
    }
  }
})

t.test('parameter examples are accepted by their operation', async (t) => {
  const app = await build(t)
  for (const { path, op } of gets) {
    for (const param of op.parameters ?? []) {
      if (param.$ref || param.in === 'header') continue
      const value = encodeURIComponent(String(param.example ?? exampleOf(param.schema)))
      const url = param.in === 'path' ? path.replace(`{${param.name ?? ''}}`, value) : `${path}?${param.name ?? ''}=${value}${path === '/v1/search' && param.name !== 'q' ? '&q=Sochi' : ''}`
      t.equal((await app.inject(url)).statusCode, 200, url)
    }
  }
})
