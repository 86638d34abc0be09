import t from 'tap'
import { normaliseText } from '../../src/pipeline/normalise.js'
import { segment } from '../../src/pipeline/segment.js'
import { indexTrieRoots, newTrie, trieInsert, trieMatchAt, type TrieNode } from '../../src/pipeline/trie.js'
import { kb } from './helpers.js'

const TEXT =
  'وقال وزير الخارجية الإيراني عباس عراقجي للصحفيين في طهران، إن المفاوضات مع الولايات المتحدة ستستأنف الأسبوع المقبل. ' +
  'وبالقرب من دمشق قتل 3 أشخاص في هجوم للجيش، بحسب المرصد السوري لحقوق الإنسان. وأكد الرئيس التركي أن بلاده لن تتراجع.'

t.test('a trie lookup gives the same match whether or not the tokens carry the knowledge base’s root bits', async (t) => {
  const base = kb()
  const norm = normaliseText(TEXT)
  const indexed = segment(norm, base.trieRoots).tokens
  const plain = segment(norm).tokens
  t.ok(plain.every((tok) => tok.roots === -1 && tok.rootsExact === -1), 'without the index every trie may start anywhere')
  const tries = Object.values(base).filter((v): v is TrieNode<unknown> => typeof v === 'object' && v !== null && 'next' in v && v.next instanceof Map)
  t.ok(tries.length > 10 && tries.every((trie) => trie.bit !== undefined), 'every knowledge-base trie has its bit')
  let matches = 0
  const differ: string[] = []
  for (const [n, trie] of tries.entries()) {
    for (let i = 0; i < plain.length; i++) {
      for (const proclitics of [true, false]) {
        const a = trieMatchAt(trie, indexed, i, proclitics)
        if (JSON.stringify(a) !== JSON.stringify(trieMatchAt(trie, plain, i, proclitics))) differ.push(`trie ${n} at token ${i}`)
        if (a) matches++
      }
    }
  }
  t.same(differ, [])
  t.ok(matches > 20, `the text meets the tries (${matches} matches)`)
})

t.test('root bits: a token records the tries one of its readings starts, and the form as written apart', async (t) => {
  const a = newTrie<string>()
  const b = newTrie<string>()
  trieInsert(a, ['الجيش'], 'army')
  trieInsert(b, ['بالجيش'], 'with the army')
  const roots = indexTrieRoots([a, b])
  t.equal(a.bit, 1)
  t.equal(b.bit, 2)
  const [tok] = segment(normaliseText('بالجيش'), roots).tokens
  t.equal(tok?.rootsExact, 2, 'as written it starts only b')
  t.equal(tok?.roots, 3, 'without its preposition it starts a too')
  t.equal(trieMatchAt(a, [tok!], 0)?.strip, 1)
  t.equal(trieMatchAt(a, [tok!], 0, false), null, 'no proclitics allowed: a does not match')
  const [other] = segment(normaliseText('القوات'), roots).tokens
  t.equal(other?.roots, 0)
  t.equal(trieMatchAt(a, [other!], 0), null)
})
