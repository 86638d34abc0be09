import t from 'tap'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  AFFIX_TABLE,
  hasPreposition,
  isBarePreposition,
  isDefinite,
  looksFuture,
  parseAffixTable,
  procliticVariants,
  pronounBases,
  searchStem,
  withoutArticle,
  withoutConjunction
} from '../../src/text/affixes.js'
import { loadKnowledgeBase } from '../../src/pipeline/kb.js'

// words in normalised spelling (ة is ه, أ is ا), as every caller passes them
t.test('proclitics: conjunction, preposition, the article after ل', async (t) => {
  t.same(procliticVariants('وبالقرب').map((v) => v.form), ['وبالقرب', 'بالقرب', 'القرب'])
  t.same(procliticVariants('للجيش'), [{ form: 'للجيش', strip: 0 }, { form: 'الجيش', strip: 1 }])
  t.same(procliticVariants('من').map((v) => v.form), ['من'], 'two letters: nothing to strip')
  t.equal(withoutConjunction('وقال'), 'قال')
  t.equal(withoutConjunction('وا'), 'وا')
  t.ok(hasPreposition('بسوريا') && hasPreposition('ولروسيا') && hasPreposition('ب'))
  t.notOk(hasPreposition('كان'), 'ك is left out of what a first letter signals')
  t.ok(isBarePreposition('ل') && isBarePreposition('ول'))
  t.notOk(isBarePreposition('لا'))
})

t.test('the article: definite words and their bare noun', async (t) => {
  for (const w of ['الجيش', 'والجيش', 'بالجيش', 'للجيش', 'وللجيش', 'فالجيش']) t.ok(isDefinite(w), w)
  for (const w of ['جيش', 'الي', 'لبنان']) t.notOk(isDefinite(w), w)
  t.equal(withoutArticle('وللبعثه'), 'بعثه')
  t.equal(withoutArticle('بالوزاره'), 'وزاره')
  t.equal(withoutArticle('وكاله'), 'وكاله', 'no article: the و may be the word’s own')
})

t.test('suffixes and verb prefixes', async (t) => {
  t.same(pronounBases('حكومتهم'), ['حكومت'])
  t.same(pronounBases('قصفها'), ['قصف'])
  t.ok(looksFuture('سيعقد') && looksFuture('ستبدا'))
  t.notOk(looksFuture('ستار'), 'too short')
  t.notOk(looksFuture('ساعات'), 'no future prefix')
  t.notOk(looksFuture('سيارات'), 'an alif after the prefix')
})

t.test('the search stem strips what light10 strips, no more', async (t) => {
  t.equal(searchStem('والقدس'), 'قدس')
  t.equal(searchStem('بالقدس'), 'قدس')
  t.equal(searchStem('للقدس'), 'قدس')
  t.equal(searchStem('ولد'), 'ولد', 'a three-letter word keeps its و')
  t.equal(searchStem('فالقدس'), 'قدس')
  t.equal(searchStem('لالتزام'), 'لالتزام', 'ل + ال is written لل: لال is no article cluster')
})

t.test('the table is data: validated, and a knowledge base that has it must have the same', async (t) => {
  t.throws(() => parseAffixTable({ ...AFFIX_TABLE, conjunctions: ['وو'] }, 'x.json'), /single letters/)
  t.throws(() => parseAffixTable([], 'x.json'), /JSON object/)
  const dir = mkdtempSync(path.join(tmpdir(), 'kb-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  cpSync('seeds/kb', dir, { recursive: true })
  t.ok(loadKnowledgeBase(dir), 'the shipped copy loads')
  const file = path.join(dir, 'affixes.json')
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  writeFileSync(file, JSON.stringify({ ...doc, conjunctions: ['و'] }))
  t.throws(() => loadKnowledgeBase(dir), /differs from the affix tables this build was compiled with/)
  rmSync(file)
  t.ok(loadKnowledgeBase(dir), 'a knowledge base may leave the file out')
})
