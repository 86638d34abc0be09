import t from 'tap'
import { sameStatement, statementTerms } from '../../src/knowledge/statements.js'

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
