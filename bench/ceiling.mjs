// The ceiling: a bare Fastify server answering each benchmarked URL with the bytes our server answered it with.
// No plugins, no database, no serialisation. Usage: node bench/ceiling.mjs BODIES.json PORT [bare|headers]
//   bare     the same body and Content-Type only (what a minimal Fastify route sends): "same body only"
//   headers  the ceiling: the same body and every header our response had (security headers, CORS, ETag, Cache-Control,
//            request id): the same bytes on the wire
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const [bodiesFile, port, mode = 'bare'] = process.argv.slice(2)
const bodies = new Map(JSON.parse(readFileSync(bodiesFile, 'utf8')).map((b) => [b.path, b]))
const app = Fastify({ logger: false, routerOptions: { maxParamLength: 512 } })
app.get('/*', (request, reply) => {
  const b = bodies.get(request.url)
  if (!b) return reply.code(404).send()
  if (mode === 'headers') reply.headers(b.headers)
  return reply.header('content-type', b.contentType).send(b.body)
})
await app.listen({ host: '127.0.0.1', port: Number(port) })
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
