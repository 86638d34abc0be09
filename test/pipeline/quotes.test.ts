import t from 'tap'
import { extractDocument } from '../../src/pipeline/index.js'
import { quoteMarkSpans } from '../../src/pipeline/quotes.js'
import { doc, kb } from './helpers.js'

const run = (body: string) => extractDocument(doc(body), kb())

t.test('pairs nested and unbalanced quotation marks', async (t) => {
  const text = 'أن الجانبين "سيسيران دورية على طريق "إم-4" الاستراتيجي".'
  const spans = quoteMarkSpans(text)
  t.equal(spans.filter((s) => s.depth === 0).length, 1)
  t.equal(spans.filter((s) => s.depth === 1).length, 1)
  t.same(quoteMarkSpans('تحييد الجماعات في إدلب". وأضاف'), [])
})

t.test('direct quotes: colon, complementiser, adjuncts before the quotation', async (t) => {
  const a = run('وأضاف بورينكوف: "أسفر ذلك عن إنشاء منطقة آمنة تنص عليها المذكرة".')
  t.equal(a.quotes.length, 1)
  t.equal(a.quotes[0]?.kind, 'direct')
  t.equal(a.quotes[0]?.text, 'أسفر ذلك عن إنشاء منطقة آمنة تنص عليها المذكرة')
  t.equal(a.quotes[0]?.speakerId, 'borenkov')
  const b = run('وأضاف جاويش أوغلو في مقابلة مع قناة “سي إن إن ترك”، إنه “بالنسبة لسوريا، نحن بحاجة للحفاظ على وقف إطلاق النار”.')
  t.equal(b.quotes.length, 1, 'the channel name in quotes is not a statement')
  t.match(b.quotes[0]?.text, /^بالنسبة لسوريا/)
  t.equal(b.quotes[0]?.speakerId, 'cavusoglu')
})

t.test('indirect quotes and participle continuations', async (t) => {
  const a = run('أكد الكرملين، الأربعاء، أن تركيا لا تلتزم بالاتفاقيات مع روسيا، مضيفاً أن الهجمات على قوات النظام مستمرة في المنطقة.')
  t.equal(a.quotes.length, 2)
  t.equal(a.quotes[0]?.text, 'تركيا لا تلتزم بالاتفاقيات مع روسيا')
  t.equal(a.quotes[1]?.text, 'الهجمات على قوات النظام مستمرة في المنطقة')
  t.ok(a.quotes.every((q) => q.speakerId === 'kremlin' && q.kind === 'indirect'))
  t.equal(a.quotes[0]?.date?.start, '2020-02-12')
})

t.test('scare quotes and background markers are not statements', async (t) => {
  const a = run('لا تلتزم بالاتفاقيات "لتحييد" المتشددين. وصلت آليات إلى شرق الطريق الدولي "m5". يذكر أن تركيا أقامت 12 نقطة مراقبة.')
  t.equal(a.quotes.length, 0)
})

t.test('quote text always equals the body slice', async (t) => {
  const body = 'وقالَ المتحدثُ باسم الكرملين، ديمتري بيسكوف، إنّ موسكو لا تزال ملتزمة بالاتفاقيات.'
  const a = extractDocument(doc(body), kb())
  t.equal(a.quotes.length, 1)
  for (const q of a.quotes) t.equal(q.text, body.slice(q.span.start, q.span.end))
})

t.test('an أن governed by another word (بعد أن, يمكن أن, من شأنه أن) does not open a report', async (t) => {
  const texts = (body: string) => run(body).quotes.map((q) => q.text)
  t.same(texts('وأعلن الجيش السيطرة على البلدة بعد أن انسحبت منها الفصائل المسلحة.'), [])
  t.same(texts('وحذرت منظمات إنسانية من كارثة في حال شن هجوم من شأنه أن يؤدي إلى نزوح قرابة 800 ألف شخص.'), [])
  t.same(texts('وأكد الوزير على ما يفترض أن يكون النقطة الأساسية في الزيارة.'), [])
  // أنّ with a pronoun, and إن, still report whatever precedes them
  t.same(texts('وأشار المرصد بعد ساعات إلى أنه قتل 20 عنصرا من قوات النظام.'), ['قتل 20 عنصرا من قوات النظام'])
  t.same(texts('وقال الوزير تعليقا عليه إن الهجوم لن يمر دون رد.'), ['الهجوم لن يمر دون رد'])
  t.same(texts('وأشار الجيش إلى أن سبعة جنود قتلوا في الهجوم.'), ['سبعة جنود قتلوا في الهجوم'], 'أشار إلى أن reports')
})

t.test('a speech word after a preposition is a verbal noun, not a cue', async (t) => {
  const a = run('ومهما كانت نتائج التحقيقات في كشف المسربين، فإنه سيبقى رئيسا للعالم الحر.')
  t.same(a.quotes, [])
  // من is also "who": those who say report
  t.equal(run('وهناك من يرى أن البلاد بحاجة إلى رجل قوي.').quotes[0]?.text, 'البلاد بحاجة إلى رجل قوي')
})

t.test('a claim attributed with بحسب/وفق is a statement of its source, before or after it; a plan or a law is no source', async (t) => {
  const a = run('ووفق المرصد السوري لحقوق الإنسان ينتشر في منبج 350 جنديا من التحالف.')
  t.same(a.quotes.map((q) => [q.text, q.speakerId, q.ruleId]), [['ينتشر في منبج 350 جنديا من التحالف', 'sohr', 'quote.indirect.attribution']])
  const b = run('لكنه ضعف، وتحول إلى عاصفة مدارية فوق وسط الولاية، بحسب ما ذكر المركز الوطني للأعاصير، الخميس.')
  t.equal(b.quotes[0]?.text, 'ضعف، وتحول إلى عاصفة مدارية فوق وسط الولاية')
  t.equal(b.entities.find((e) => e.id === b.quotes[0]?.speakerId)?.name, 'المركز الوطني للأعاصير')
  t.same(run('وتجري الانتخابات وفق القانون الجديد في موعدها المحدد.').quotes, [])
})

t.test('a short quotation inside the subject phrase is a name, when the report follows it', async (t) => {
  const a = run('وقال وزير الخارجية الأمريكي لشبكة "ايه بي سي نيوز" السبت، إن الزعيم بدا مستعدا بشكل جيد.')
  t.same(a.quotes.map((q) => q.text), ['الزعيم بدا مستعدا بشكل جيد'])
})

t.test('an indirect statement ends where another statement or the narrator begins after a comma', async (t) => {
  const a = run('وقال الوزير إن بلاده ستفرض أقوى عقوبات على إيران، وذلك بعد أيام على انسحاب واشنطن من الاتفاق.')
  t.same(a.quotes.map((q) => q.text), ['بلاده ستفرض أقوى عقوبات على إيران'])
  const b = run('وأكد الوزير أن الحل سياسي، وقال الوزير: "نحن ما زلنا نؤمن بالحوار".')
  t.same(b.quotes.map((q) => q.text), ['الحل سياسي', 'نحن ما زلنا نؤمن بالحوار'])
})

t.test('impersonal تبين أن (it turned out) is no statement; رجح with its subject is', async (t) => {
  t.equal(extractDocument(doc('وبعد التحقيق تبين أن المتهم كان مسلحا.'), kb()).quotes.length, 0)
  const a = extractDocument(doc('ورجح مسؤولون أن النيران اندلعت بسبب مشكلة في شبكة الكهرباء.'), kb())
  t.equal(a.quotes.length, 1)
  t.equal(a.quotes[0]?.speakerId, null, 'unnamed officials')
})
