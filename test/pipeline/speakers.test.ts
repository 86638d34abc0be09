import t from 'tap'
import { extractDocument } from '../../src/pipeline/index.js'
import { doc, kb } from './helpers.js'

const run = (body: string) => extractDocument(doc(body), kb())

t.test('explicit subject after the verb, with title and appositive', async (t) => {
  const a = run('كما قال المتحدث باسم الكرملين، ديمتري بيسكوف، إن موسكو لا تزال ملتزمة بالاتفاقيات مع أنقرة.')
  t.equal(a.quotes[0]?.speakerId, 'peskov')
  t.equal(a.quotes[0]?.speakerRuleId, 'speaker.explicit-person')
  const b = run('وصرح المتحدث باسم الرئيس رجب طيب إردوغان، إبراهيم كالين: "في الوقت الحالي لم يتم التوصل إلى نتيجة".')
  t.equal(b.quotes[0]?.speakerId, 'kalin', 'the principal after باسم is not the speaker')
})

t.test('implicit subject takes the last speaker (وأضاف)', async (t) => {
  const a = run('وقال وزير الدفاع التركي خلوصي أكار إن المباحثات كانت إيجابية. وأضاف "نحن مستعدون لكل الاحتمالات في المنطقة".')
  t.equal(a.quotes.length, 2)
  t.equal(a.quotes[1]?.speakerId, 'akar')
  t.equal(a.quotes[1]?.speakerRuleId, 'speaker.last-speaker')
})

t.test('a bare role refers to the person named with it earlier', async (t) => {
  const a = run('وقال مدير مركز حميميم للمصالحة، اللواء يوري بورينكوف، في بيان: "بسط الجيش السيطرة على الطريق". إلى ذلك، رأى مدير مركز حميميم أن الجيش اضطر لتنفيذ العملية.')
  t.equal(a.quotes.length, 2)
  t.equal(a.quotes[1]?.speakerId, 'borenkov')
  t.equal(a.quotes[1]?.speakerRuleId, 'speaker.role-mention')
})

t.test('organisations and capitals speak', async (t) => {
  t.equal(run('قالت وزارة الدفاع الروسية إن المفاوضات كانت بناءة.').quotes[0]?.speakerId, 'ru-mod')
  t.equal(run('وقالت موسكو إن تركيا لم تف بالتزاماتها.').quotes[0]?.speakerId, 'russia')
})

t.test('unknown people are discovered from a title pattern with a stable id', async (t) => {
  const body = 'وقال وزير الخارجية الإيراني عباس عراقجي إن بلاده تدعم الحوار. وأضاف عراقجي أن الحل سياسي.'
  const a = run(body)
  const b = run(body)
  const id = a.quotes[0]?.speakerId
  t.match(id, /^person:/)
  t.equal(id, b.quotes[0]?.speakerId)
  const ent = a.entities.find((e) => e.id === id)
  t.equal(ent?.name, 'عباس عراقجي')
  t.equal(ent?.source, 'discovered')
  t.equal(a.quotes[1]?.speakerId, id, 'the surname alone finds the same person')
})
