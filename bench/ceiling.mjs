// The ceiling: a bare Fastify server answering each benchmarked URL with the exact bytes (and content type) our
// server answered it with. No plugins, no database, no serialisation. Usage: node bench/ceiling.mjs BODIES.json PORT
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const [bodiesFile, port] = process.argv.slice(2)
const bodies = new Map(JSON.parse(readFileSync(bodiesFile, 'utf8')).map((b) => [b.path, b]))
const app = Fastify({ logger: false, routerOptions: { maxParamLength: 512 } })
app.get('/*', (request, reply) => {
  const b = bodies.get(request.url)
  if (!b) return reply.code(404).send()
  return reply.header('content-type', b.contentType).send(b.body)
})
await app.listen({ host: '127.0.0.1', port: Number(port) })
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
