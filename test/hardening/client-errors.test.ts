/**
 * Requests Node's HTTP parser refuses before any route runs (malformed, smuggling shapes, headers too large, too
 * slow) are answered with the same problem+json as every other error, over a real socket (inject skips the parser).
 */
import net from 'node:net'
import { once } from 'node:events'
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { connectionsCheckingInterval } from '../../src/app.js'
import { build } from '../helper.js'

/** Sends raw bytes, returns everything the server wrote until it closed the connection. */
async function raw(port: number, bytes: string, { end = true } = {}): Promise<string> {
  const socket = net.connect(port, '127.0.0.1')
  await once(socket, 'connect')
  const chunks: Buffer[] = []
  socket.on('data', (c: Buffer) => chunks.push(c))
  socket.write(bytes)
  if (end) socket.end()
  await Promise.race([once(socket, 'close'), once(socket, 'end')])
  socket.destroy()
  return Buffer.concat(chunks).toString('utf8')
}

function parse(response: string): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const [head = '', body = ''] = response.split('\r\n\r\n')
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as Record<string, unknown> }
}

async function listening(t: Test, env: Record<string, string> = {}): Promise<{ app: FastifyInstance; port: number }> {
  const app = await build(t, { RATE_LIMIT_MAX: '0', ...env })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, port: (app.server.address() as net.AddressInfo).port }
}

const isProblem = (t: Test, response: string, status: number, type: RegExp) => {
  const res = parse(response)
  t.equal(res.status, status, response.split('\r\n')[0] ?? '')
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(res.headers['cache-control'], 'no-store')
  t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  t.match(res.body, { type, status, title: String, detail: String, requestId: res.headers['x-request-id'] })
}

t.test('malformed and smuggling-shaped requests: 400 problem+json', async (t) => {
  const { port } = await listening(t)
  for (const request of [
    'GET /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'GET /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
    'GET /v1/articles HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n',
    'GET /v1/articles HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n',
    'GET /v1/articles HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n',
    'G\u0000T / HTTP/1.1\r\n\r\n',
    'GET / HTTP/9.9\r\n\r\n'
  ]) {
    isProblem(t, await raw(port, request), 400, /malformedRequest$/)
  }
})

t.test('headers over 16 KB (a huge URL too): 431 problem+json', async (t) => {
  const { port } = await listening(t)
  isProblem(t, await raw(port, `GET /v1/articles HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`), 431, /headersTooLarge$/)
  isProblem(t, await raw(port, `GET /v1/articles?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`), 431, /headersTooLarge$/)
})

t.test('a request not sent within REQUEST_TIMEOUT_MS: 408 problem+json, looked for every tenth of the timeout', async (t) => {
  t.equal(connectionsCheckingInterval(30_000), 1000, 'the default timeout: looked for every second, not every 30 s')
  t.equal(connectionsCheckingInterval(2000), 200)
  t.equal(connectionsCheckingInterval(100), 50)
  t.equal(connectionsCheckingInterval(0), 30_000, 'timeout off: Node’s default')
  const { app, port } = await listening(t, { REQUEST_TIMEOUT_MS: '1000' })
  t.equal((app.server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval, 100)
  const started = Date.now()
  const response = await raw(port, 'GET /v1/articles HTTP/1.1\r\nHost: x\r\nX-Slow: ', { end: false })
  isProblem(t, response, 408, /requestTimeout$/)
  t.comment(`408 after ${Date.now() - started} ms (timeout 1000 ms)`)
})

t.test('a normal request on the same server is unaffected', async (t) => {
  const { port } = await listening(t)
  const response = await raw(port, 'GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  t.match(response, /^HTTP\/1\.1 200 OK/)
})
