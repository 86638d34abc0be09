import { statSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ConfigError } from '../errors.js'
import { createKnowledge, type Knowledge } from '../knowledge/extractor.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The knowledge base and what is built on it: the extractor, the dateline reader, the store's domain rules. */
    knowledge: Knowledge
  }
}

/** Loads the knowledge base once, from KB_DIR. */
export default fp(
  async function knowledgePlugin(app: FastifyInstance, opts: { kbDir: string }) {
    if (!statSync(opts.kbDir, { throwIfNoEntry: false })?.isDirectory()) throw new ConfigError(`KB_DIR ${opts.kbDir} is not a directory`)
    app.decorate('knowledge', createKnowledge(opts.kbDir))
  },
  { name: 'knowledge' }
)
