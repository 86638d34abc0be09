/**
 * A web page on another origin reading the API as a browser would: jsdom's XMLHttpRequest applies the CORS checks
 * (Access-Control-Allow-Origin, and only CORS-safelisted or exposed response headers readable by the script) to real
 * HTTP exchanges with the service. The backoff the contract promises (Retry-After, x-ratelimit-*) must be readable.
 */
import t, { type Test } from 'tap'
import { JSDOM } from 'jsdom'
import type { FastifyInstance } from 'fastify'
import { build } from '../helper.js'

const PAGE = 'https://frontend.example/app'

interface Seen {
  status: number
  header: (name: string) => string | null
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address')
  return `http://127.0.0.1:${address.port}`
}

/** One cross-origin XHR from a page at PAGE; status 0 when the browser refuses the response. */
function xhr(t: Test, url: string): Promise<Seen> {
  const { window } = new JSDOM('<!doctype html><title>frontend</title>', { url: PAGE })
  t.teardown(() => window.close())
  return new Promise((resolve) => {
    const request = new window.XMLHttpRequest()
    request.open('GET', url)
    request.onloadend = () => resolve({ status: request.status, header: (name) => request.getResponseHeader(name) })
    request.send()
  })
}

t.test('a page on another origin reads Retry-After and the rate-limit headers of a 429', async (t) => {
  const base = await listen(await build(t, { RATE_LIMIT_MAX: '1' }))
  const ok = await xhr(t, `${base}/v1/articles?limit=1`)
  t.equal(ok.status, 200)
  t.equal(ok.header('x-ratelimit-remaining'), '0', 'the budget is readable')
  t.match(ok.header('etag'), /^W\//, 'so is the ETag')

  const limited = await xhr(t, `${base}/v1/articles?limit=1`)
  t.equal(limited.status, 429, 'the browser lets the script see the 429')
  const retryAfter = Number(limited.header('retry-after'))
  t.ok(Number.isInteger(retryAfter) && retryAfter > 0, `Retry-After is readable: ${String(limited.header('retry-after'))}`)
  t.equal(limited.header('x-ratelimit-limit'), '1')
  t.match(limited.header('content-type'), /application\/problem\+json/)
  t.equal(limited.header('x-frame-options'), null, 'a header the API does not expose stays hidden (the CORS filter is applied)')
})

t.test('a problem answered before routing is readable across origins too', async (t) => {
  const base = await listen(await build(t))
  const tooLong = await xhr(t, `${base}/v1/articles/${'x'.repeat(3073)}`)
  t.equal(tooLong.status, 414)
  t.ok(tooLong.header('x-request-id'), 'its request id is readable')
})

t.test('an origin CORS_ORIGINS does not list reads nothing', async (t) => {
  const base = await listen(await build(t, { CORS_ORIGINS: 'https://other.example' }))
  const refused = await xhr(t, `${base}/v1/articles?limit=1`)
  t.equal(refused.status, 0, 'the browser refuses the response')
})
