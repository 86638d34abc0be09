/**
 * Loads seeds/kb/*.json once, checks its shape, and builds the lookup tries the stages share (the file kinds are read
 * in kb-files.ts; what the stages see is typed in kb-types.ts).
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { addCountryside, checkReferences, fail, LOADERS, OPTIONAL_KINDS, type Json } from './kb-files.js'
import { emptyKb, type KnowledgeBase } from './kb-types.js'
import { indexTrieRoots, type TrieNode } from './trie.js'

export * from './kb-types.js'

export function loadKnowledgeBase(dir: string): KnowledgeBase {
  const kb = emptyKb()
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  const seen = new Set<string>()
  for (const f of files) {
    let doc: Json
    try {
      doc = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Json
    } catch (err) {
      throw new Error(`knowledge base ${f}: not valid JSON (${(err as Error).message})`)
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail(f, 'must be a JSON object')
    const kind = doc.kind === 'lexicon' ? `lexicon:${String(doc.name)}` : String(doc.kind)
    const loader = LOADERS[kind]
    if (!loader) fail(f, `unknown kind ${kind}`)
    loader(kb, f, doc)
    seen.add(kind)
  }
  for (const kind of Object.keys(LOADERS)) if (!seen.has(kind) && !OPTIONAL_KINDS.has(kind)) throw new Error(`knowledge base ${dir}: no file of kind ${kind}`)
  addCountryside(kb)
  checkReferences(kb)
  kb.trieRoots = indexTrieRoots(Object.values(kb).filter(isTrie))
  return kb
}

const isTrie = (v: unknown): v is TrieNode<unknown> => typeof v === 'object' && v !== null && (v as Partial<TrieNode<unknown>>).next instanceof Map && Array.isArray((v as Partial<TrieNode<unknown>>).values)
