import t from 'tap'
import { linkSameStatements, sameStatement, statementTerms } from '../../src/knowledge/statements.js'

const stop = new Set(['في', 'لا', 'لم', 'مع', 'التي', 'ان'])

t.test('content words: folded, stemmed, prepositions and function words gone', async (t) => {
  t.same([...statementTerms('تركيا لم تفِ بتعهدها "بتحييد" المتشددين في إدلب', stop)], ['تركيا', 'تعهدها', 'تحييد', 'متشددين', 'ادلب'])
  t.same([...statementTerms('في لا مع', stop)], [])
})

t.test('same statement: three shared content words and half of the shorter one', async (t) => {
  const a = statementTerms('تركيا لا تلتزم بالاتفاقيات التي أبرمتها مع روسيا "لتحييد" المتشددين في المحافظة السورية', stop)
  const b = statementTerms('تركيا لم تفِ بتعهدها "بتحييد" المتشددين في إدلب', stop)
  t.ok(sameStatement(a, b) >= 0.5)
  t.equal(sameStatement(a, statementTerms('الهجمات على قوات النظام السوري مستمرة في المنطقة', stop)), 0)
  t.equal(sameStatement(statementTerms('تركيا روسيا', stop), statementTerms('تركيا روسيا', stop)), 0, 'two shared words are not enough')
})

t.test('linkSameStatements: different articles, at most three days apart, the same content words', async (t) => {
  const stop = new Set(['في', 'من', 'على', 'ان'])
  const terms = (text: string) => statementTerms(text, stop)
  const said = 'روسيا ستواصل دعم الجيش السوري في محافظة إدلب حتى القضاء على الإرهاب'
  const other = 'الاقتصاد الروسي ينمو بسرعة والتجارة مع الصين تتوسع كثيرا'
  const statement = (rowid: number, articleRowid: number, text: string, day: number) => ({ rowid, id: `q${rowid}`, articleId: `a${articleRowid}`, articleRowid, text, day })
  const links = linkSameStatements(
    [statement(1, 1, said, 100), statement(2, 1, said, 100), statement(3, 2, said, 103), statement(4, 3, said, 104), statement(5, 4, other, 100)],
    terms
  )
  t.same(links.get(1), [{ quoteId: 'q3', articleId: 'a2', similarity: 1 }], 'not its own article; day 104 is too far')
  t.same(links.get(3)?.map((l) => l.quoteId), ['q1', 'q2', 'q4'], 'both ways, in corpus order')
  t.same(links.get(4)?.map((l) => l.quoteId), ['q3'])
  t.notOk(links.has(5), 'other words link nothing')
  t.same(linkSameStatements([statement(1, 1, said, 100)], terms), new Map(), 'one statement: nothing to link')
})

t.test('linkSameStatements: at most 50 links, the most similar, in corpus order', async (t) => {
  const terms = (text: string) => new Set(text.split(' '))
  const base = 'aaa bbb ccc ddd'
  // 60 reports from other articles: the first 10 share three of four words, the rest all four
  const group = [{ rowid: 0, id: 'q0', articleId: 'a0', articleRowid: 0, text: base, day: 0 }]
  for (let i = 1; i <= 60; i++) group.push({ rowid: i, id: `q${i}`, articleId: `a${i}`, articleRowid: i, text: i <= 10 ? 'aaa bbb ccc zzz' : base, day: 0 })
  const links = linkSameStatements(group, terms).get(0) ?? []
  t.equal(links.length, 50)
  t.same(links.map((l) => l.quoteId), Array.from({ length: 50 }, (_, i) => `q${i + 11}`), 'the 50 identical ones, in corpus order')
})
