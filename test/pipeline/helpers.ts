import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/pipeline/index.js'

const here = path.dirname(fileURLToPath(import.meta.url))
export const KB_DIR = path.resolve(here, '..', '..', 'seeds', 'kb')
let cached: KnowledgeBase | null = null
export function kb(): KnowledgeBase {
  cached ??= loadKnowledgeBase(KB_DIR)
  return cached
}
export const doc = (body: string, publishedAt: string | null = '2020-02-12T00:00:00+03:00') => ({ id: 't', title: '', body, publishedAt })
