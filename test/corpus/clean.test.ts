import t from 'tap'
import { cleanBody, cleanTitle } from '../../src/corpus/clean.js'

t.test('paragraphs joined with ., are split again', async (t) => {
  t.equal(cleanBody('الأولى في إدلب., إلى ذلك، قال'), 'الأولى في إدلب.\nإلى ذلك، قال')
  t.equal(cleanBody('بشأن إدلب", يأتي هذا'), 'بشأن إدلب"\nيأتي هذا')
  t.equal(cleanBody('في المنطقة. , بالتزامن'), 'في المنطقة.\nبالتزامن')
  t.equal(cleanBody('وفق ما أفاد المرصد ., يذكر'), 'وفق ما أفاد المرصد.\nيذكر')
})

t.test('missing space after a full stop or Arabic comma', async (t) => {
  t.equal(cleanBody('مستمرة في المنطقة.كما قال'), 'مستمرة في المنطقة. كما قال')
  t.equal(cleanTitle('الروسية -التركية،هدنة ادلب'), 'الروسية -التركية، هدنة ادلب')
  t.equal(cleanBody('الإصدار 2.5 من'), 'الإصدار 2.5 من', 'decimals are untouched')
})

t.test('non-breaking and odd spaces become plain spaces', async (t) => {
  t.equal(cleanBody('قال\u00a0الرئيس\u202f  إن'), 'قال الرئيس إن')
  t.equal(cleanBody('نص\u200bمخفي'), 'نصمخفي')
})

t.test('section labels and photo captions before the first paragraph are dropped', async (t) => {
  const raw = '\nعربي ودولي\n\nفصائل سورية مسلحة\nفصائل سورية مسلحة - أرشيفية\n\n\n\nصرحت تركيا، مساء اليوم الثلاثاء، بأنها فشلت.\n\nقصير'
  t.equal(cleanBody(raw), 'صرحت تركيا، مساء اليوم الثلاثاء، بأنها فشلت.\n\nقصير')
})

t.test('a body that is one short line is kept', async (t) => {
  t.equal(cleanBody('خبر عاجل'), 'خبر عاجل')
})
