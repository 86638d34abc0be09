import t from 'tap'
import { buildContext } from '../../src/pipeline/context.js'
import { displayName, nameEvidence, readNameRun } from '../../src/pipeline/names.js'
import { doc, kb } from './helpers.js'

const ctxOf = (body: string) => buildContext(doc(body), kb())
/** The name run starting at the first word of `body`, as words. */
const runOf = (body: string) => {
  const ctx = ctxOf(body)
  const run = readNameRun(ctx, 0, ctx.tokens.length, () => false)
  return run ? ctx.tokens.slice(run.start, run.end).map((x) => x.text).join(' ') : null
}

t.test('a name run ends at a function word, a possessive noun, a definite family name', async (t) => {
  t.equal(runOf('غسان دغلس في القرية'), 'غسان دغلس')
  t.equal(runOf('بيل كلينتون كلمته في الحفل'), 'بيل كلينتون', 'before a noun with a possessive')
  t.equal(runOf('راشد الزهراني رئيس القسم'), 'راشد الزهراني', 'after a definite family name')
  t.equal(runOf('عبدالله بن مساعد بن عبدالعزيز خلال استقباله'), 'عبدالله بن مساعد بن عبدالعزيز', 'particles do not count')
  t.equal(runOf('مسؤولون في الوزارة'), null, 'a plural noun is a description')
  t.equal(runOf('بيل كلينتون'), 'بيل كلينتون', 'a family name in ون after a given name')
})

t.test('evidence that words are a name: a given name, a family name, a genealogy, or no Arabic noun shapes', async (t) => {
  const ev = (body: string) => {
    const ctx = ctxOf(body)
    return nameEvidence(ctx, 0, ctx.tokens.length)
  }
  t.ok(ev('محمد سالم'))
  t.ok(ev('جديع القحطاني'))
  t.ok(ev('ستيفن كيتس'))
  t.notOk(ev('معلومات سابقة'))
  t.notOk(ev('منطقة عسير'))
})

t.test('display names drop quotation and hashtag marks', async (t) => {
  t.equal(displayName('#الشرطة_النمساوية'), 'الشرطة النمساوية')
  t.equal(displayName('صحيفة "ديلي  ميل"'), 'صحيفة ديلي ميل')
})
