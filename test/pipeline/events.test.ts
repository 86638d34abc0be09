import t from 'tap'
import { extractDocument, eventClusterKey } from '../../src/pipeline/index.js'
import { doc, kb } from './helpers.js'

const run = (body: string, pub = '2020-02-12T00:00:00+03:00') => extractDocument(doc(body, pub), kb())

t.test('fatalities with number words and qualifiers', async (t) => {
  const a = run('جاء ذلك بعد مقتل أكثر من عشرة جنود أتراك في قصف نفذته قوات النظام في محافظة إدلب.')
  const ev = a.events.find((e) => e.type === 'attack')
  t.equal(ev?.fatalities, 10)
  t.equal(ev?.fatalitiesQualifier, 'at_least')
  t.ok(ev?.locationIds.includes('idlib'))
  t.ok(ev?.actorIds.includes('syrian-government-forces'))
  const b = run('وتدخل الجيش التركي الذي خسر 13 جندياً في قصف سوري خلال الأيام الماضية.')
  const ev2 = b.events.find((e) => e.type === 'attack')
  t.equal(ev2?.fatalities, 13)
  t.equal(ev2?.fatalitiesQualifier, 'exact')
  t.ok(ev2?.actorIds.includes('syrian-government-forces'), 'قصف سوري names the forces')
})

t.test('status, dates, villages and evidence', async (t) => {
  const a = run('وأضافت الوزارة أن الجانبين "سيسيران أول دورية مشتركة على طريق "إم-4" يوم 15 آذار/مارس الجاري".', '2020-03-14T00:00:00+03:00')
  const p = a.events.find((e) => e.type === 'patrol')
  t.equal(p?.status, 'planned')
  t.equal(p?.date?.start, '2020-03-15')
  t.ok(p?.locationIds.includes('m4-highway'))
  const b = run('فيما قصفت قوات النظام بالمدفعية الثقيلة بلدة بليون في جبل الزاوية بريف إدلب الجنوبي، مساء الجمعة.', '2020-09-19T00:00:00+03:00')
  const at = b.events.find((e) => e.type === 'attack')
  t.ok(at?.locationIds.includes('balyun'))
  t.equal(at?.date?.start, '2020-09-18')
  t.equal(at?.text, b.events[0] ? at?.text : '')
  t.ok(b.entities.some((e) => e.id === 'balyun' && e.partOf === 'jabal-al-zawiya'))
  t.ok(b.entities.some((e) => e.id === 'jabal-al-zawiya'), 'partOf targets are materialised')
})

t.test('negated, demanded and anaphoric triggers are not events', async (t) => {
  t.equal(run('إذا لم تنسحب القوات السورية من إدلب.').events.length, 0)
  t.equal(run('وجاء هذا التهديد بعد يوم من الاجتماع.').events.filter((e) => e.type === 'threat').length, 0)
})

t.test('cluster key is deterministic and undated events do not merge across texts', async (t) => {
  const a = run('فيما قصفت قوات النظام بلدة بليون في إدلب.', null as unknown as string)
  const ev = a.events[0]
  t.ok(ev)
  if (ev) {
    t.equal(eventClusterKey(ev), eventClusterKey({ ...ev }))
    t.not(eventClusterKey(ev), eventClusterKey({ ...ev, text: 'نص آخر' }))
  }
})

const attacks = (body: string, pub?: string) => run(body, pub).events.filter((e) => e.type === 'attack')

t.test('accusations and claims are the speaker\'s, not reported events', async (t) => {
  t.equal(attacks('وانتقد الوزير روسيا بشكل مباشر، الأربعاء، بقوله إن "القوات الروسية تهاجم المدنيين في إدلب باستمرار".').length, 0, 'direct quote governed by انتقد')
  t.equal(attacks('وتتهم أنقرة دمشق بخرق الاتفاق، وتتهمها بدعم المسلحين في حلب، الذين قالت إنهم يشنون هجمات على القوات التركية.').length, 0, 'statement after وتتهمها')
  t.equal(attacks('واتهمت أنقرة قوات النظام بقصف نقطة المراقبة في إدلب.').length, 0, 'accusation in the clause')
  const other = run('واتهمت أنقرة قوات النظام بقصف نقطة المراقبة في إدلب.').events
  t.ok(other.every((e) => e.type !== 'attack'))
  // controls: the narrator's report, and a statement whose cue is not governed by the accusation
  t.equal(attacks('وقصفت قوات النظام نقطة المراقبة في إدلب.').length, 1)
  t.equal(attacks('وقال الوزير إن "القوات الروسية تهاجم المدنيين في إدلب".').length, 1, 'a plain statement keeps its event')
  const kept = attacks('ففي حين اتهم أردوغان روسيا بارتكاب مجازر، أكد الكرملين، الأربعاء، أن الهجمات على القوات الروسية مستمرة في إدلب.')
  t.equal(kept.length, 1, 'another speech cue between the accusation and the statement ends its reach')
})

t.test('stated aims and other senses are not occurrences', async (t) => {
  t.equal(attacks('وأكد الكرملين أن الهدف من العملية العسكرية التي يقوم بها الجيش السوري في إدلب هو تحييد الإرهاب وليس شن حرب ضد المدنيين.').length, 0)
  t.equal(attacks('وتحركت قوات النظام نحو إدلب بهدف شن هجوم على مواقع الفصائل.').length, 0, 'بهدف')
  t.equal(attacks('وعقد الوفدان التركي والروسي محادثات في موسكو تستهدف حل الخلافات بين روسيا وتركيا.').length, 0, 'تستهدف حل: aim')
  t.equal(attacks('وبدأ الجيش السوري عملية عسكرية في إدلب.').length, 1, 'control: the operation itself')
  t.equal(attacks('واستهدفت قوات النظام مواقع الفصائل في إدلب.').length, 1, 'control: استهدفت with a target')
})

t.test('a referring talks mention joins the event already reported', async (t) => {
  const a = run('وجرت في أنقرة يوم 5 آذار/مارس مفاوضات بين روسيا وتركيا. وقالت وزارة الدفاع الروسية إن المفاوضات الروسية التركية كانت بناءة.', '2020-03-14T00:00:00+03:00')
  const talks = a.events.filter((e) => e.type === 'talks')
  t.equal(talks.length, 2)
  const [first, second] = talks
  t.equal(second?.ruleId, 'event.coref')
  if (first && second) t.equal(eventClusterKey(second), eventClusterKey(first), 'one event, two mentions')
  const b = run('وجرت في أنقرة يوم 5 آذار/مارس مفاوضات بين روسيا وتركيا. وعقدت محادثات أخرى في جنيف يوم 10 آذار/مارس.', '2020-03-14T00:00:00+03:00')
  const tb = b.events.filter((e) => e.type === 'talks')
  t.equal(tb.length, 2)
  t.ok(tb.every((e) => e.ruleId !== 'event.coref'), 'own date and place: a new event')
  t.not(eventClusterKey(tb[0]!), eventClusterKey(tb[1]!))
  const c = run('وجرت في أنقرة يوم 5 آذار/مارس مفاوضات بين روسيا وتركيا. ورفضت أنقرة المقترح خلال اجتماع بين الجانبين في أنقرة.', '2020-03-14T00:00:00+03:00')
  const tc = c.events.filter((e) => e.type === 'talks')
  t.equal(tc[1]?.ruleId, 'event.coref', '`بين الجانبين` refers back')
})

t.test('event places: scene, clause, sentence and regions', async (t) => {
  const a = run('وسيطرت قوات النظام على بلدة كفرنبل رغم تحذيرات أنقرة.')
  const tc = a.events.find((e) => e.type === 'territorial_control')
  t.ok(tc?.locationIds.includes('kafranbel'))
  t.notOk(tc?.locationIds.includes('ankara'), 'a capital standing for its government is not the scene')
  t.ok(tc?.locationIds.includes('idlib'), 'the town brings its province')
  const b = run('وكانت فصائل المعارضة استهدفت بالمدفعية الثقيلة، مساء الجمعة، تجمعات قوات النظام في بلدة حزارين.', '2020-09-19T00:00:00+03:00')
  const at = b.events.find((e) => e.type === 'attack')
  t.equal(at?.locationIds[0], 'hazarin', 'place from the next clause of the sentence')
  const c = run('وبدأت تركيا وروسيا تسيير دوريات مشتركة في سوريا.')
  const p = c.events.find((e) => e.type === 'patrol')
  t.ok(p?.locationIds.includes('syria'), 'a country named as the scene')
  t.notOk(p?.actorIds.includes('syria'))
  t.ok(p?.actorIds.includes('turkey'))
  const d = run('وقالت الوزارة إن الاجتماع عقد في العاصمة أنقرة مع وفد روسي.')
  t.ok(d.events.some((e) => e.type === 'talks' && e.locationIds.includes('ankara')), 'في العاصمة أنقرة is a scene')
})

t.test('an inherited date does not identify an event across articles', async (t) => {
  const a = run('قصفت قوات النظام بلدة بليون يوم الجمعة. وشنت الفصائل هجوما على مواقع قوات النظام في حزارين.', '2020-09-19T00:00:00+03:00')
  const [first, second] = a.events.filter((e) => e.type === 'attack')
  t.ok(first?.date?.text, 'stated date keeps its text')
  t.equal(second?.date?.text, '', 'inherited date has no text')
  t.equal(second?.date?.start, first?.date?.start)
  if (first && second) {
    t.match(eventClusterKey(first), /\|2020-09-18\/2020-09-18\|/)
    t.match(eventClusterKey(second), /undated:/)
  }
})

t.test('sense lexicons: the word a trigger needs, or a word that gives it another sense', async (t) => {
  const types = (body: string) => run(body).events.map((e) => e.type)
  // نشر deploys forces, or publishes
  t.same(types('ونشرت روسيا قوات إضافية في محافظة إدلب.'), ['deployment'])
  t.same(types('ونشرت وزارة الدفاع الروسية تقريرا عن الوضع في إدلب.'), [])
  // سير / تسيير: a patrol only with the patrol
  t.same(types('وسيرت القوات الروسية والتركية دورية مشتركة على طريق M4.'), ['patrol'])
  t.same(types('واطلع وزير الدفاع التركي على سير العمل في نقاط المراقبة في إدلب.'), [])
  // دورية after a noun is "periodic"
  t.same(types('وبحث الاجتماع التقارير الدورية للجنة في أنقرة.').filter((x) => x === 'patrol'), [])
  // leaving a treaty is not pulling back forces; سحب needs what is pulled back
  t.same(types('وأعلنت تركيا انسحاب قواتها من نقطة المراقبة في مورك.'), ['withdrawal'])
  t.same(types('وهدد ترامب بانسحاب الولايات المتحدة من الاتفاق النووي مع إيران.').filter((x) => x === 'withdrawal'), [])
  t.same(types('وقررت روسيا سحب السفير من أنقرة.'), [])
  // an editor-in-chief liberates nothing
  t.same(types('وقال رئيس تحرير الصحيفة في دمشق إن الوضع صعب.'), [])
  // light verbs need the attack they launch
  t.same(types('وشنت الطائرات الروسية غارات على بلدات في ريف إدلب.'), ['attack'])
  t.same(types('وجدد الرئيس التركي رجب طيب أردوغان التأكيد على موقف بلاده في إدلب.'), [])
  // a natural disaster's toll is not an attack
  t.same(types('وأعلنت السلطات مقتل 12 شخصا في زلزال ضرب محافظة إدلب.'), [])
  // a village is not a flight (كفر is not ك + فر); a peace process is not an operation; a journal is not a patrol
  t.same(types('وتظاهر سكان كفر نبل في ريف إدلب الجنوبي.'), [])
  t.same(types('والتقى المبعوث الأممي الخاص بعملية السلام في الشرق الأوسط.').filter((x) => x === 'attack'), [])
  t.same(types('وقالت دورية الجمعية الملكية للعلوم في لندن إن الدراسة جديدة.'), [])
  // a match is not a meeting
  t.same(types('وانتهى لقاء الفريقين في مباراة الذهاب في لندن بالتعادل.'), [])
})

t.test('an event dated after publication has not occurred: it is planned', async (t) => {
  const a = run('ومن المتوقع نزوح قرابة 143 مليون نسمة في سوريا بحلول العام 2050.', '2018-03-20T00:00:00+03:00')
  const d = a.events.find((e) => e.type === 'displacement')
  t.equal(d?.date?.start, '2050-01-01')
  t.equal(d?.status, 'planned')
  const b = run('وقصفت قوات النظام بلدة بليون في جبل الزاوية بريف إدلب الجنوبي، مساء الجمعة.', '2020-09-19T00:00:00+03:00')
  t.equal(b.events.find((e) => e.type === 'attack')?.status, 'occurred', 'the day before publication: occurred')
})

t.test('senses and modality from the lexicon: sport, sanctions, health are no attacks; possibilities are planned', async (t) => {
  const types = (body: string) => extractDocument(doc(body), kb()).events.map((e) => `${e.type}:${e.status}`)
  t.same(types('وشن المنتخب الهجمات المرتدة دون خطورة على حارس المرمى في الشوط الثاني.'), [], 'a counter-attack in football')
  t.same(types('وتبحث الحكومة العقوبات التي تستهدف إيران وحزب الله.'), [], 'sanctions target, missiles strike')
  t.same(types('وقال الوزير إن الاقتصاد السعودي سيستعيد عافيته قريبا.'), [], 'recovering health is no territorial control')
  t.same(types('واستعادت القوات العراقية السيطرة على مدينة الفلوجة الأحد.'), ['territorial_control:occurred'])
  t.same(types('وحذرت المنظمة من كارثة في حال شنت قوات النظام هجوما على محافظة إدلب.'), ['attack:planned'])
  t.same(types('واستقبل الرئيس التركي رجب طيب أردوغان في أنقرة وفدا روسيا الثلاثاء.'), ['talks:occurred'])
  t.same(types('وقال إن هذه المحاولات تهدد أمن المنطقة واستقرارها.'), [], 'a generic danger is no threat of force')
  t.same(types('وهددت تركيا بشن عملية عسكرية في منبج.').filter((x) => x.startsWith('threat')), ['threat:occurred'])
})

t.test('a definite mention of an event reported that day in a related place is the same event', async (t) => {
  const body = 'أسفر هجوم انتحاري نفذه تنظيم داعش الاثنين عن مقتل 30 شخصا في مدينة سروج التركية. ونسب رئيس الوزراء التركي الهجوم إلى التنظيم. وأوضح الوالي أن التفجير ناجم عن اعتداء انتحاري قام به داعش في سروج.'
  const attacks = run(body, '2015-07-21T10:00:00+03:00').events.filter((e) => e.type === 'attack')
  t.equal(new Set(attacks.map(eventClusterKey)).size, 1, 'one event')
  t.equal(attacks.length, 2, 'two mentions of it')
  t.same(attacks.map((e) => e.fatalities), [30, 30])
  t.equal(attacks[1]?.ruleId, 'event.coref')
  const other = run('قتل 30 شخصا الاثنين في هجوم انتحاري في مدينة سروج التركية. وفي اليوم نفسه نفذ الجيش الروسي غارة في حلب. وقال المرصد إن الغارة في حلب قتلت خمسة.', '2015-07-21T10:00:00+03:00')
  t.equal(new Set(other.events.filter((e) => e.type === 'attack').map(eventClusterKey)).size, 2, 'another place is another event')
})

t.test('a match report: football senses of attack, meeting and retaking are no events; attempts are no control', async (t) => {
  const plays = 'وشن البرتغال هجوما كاسحا على إسبانيا في سوتشي. ويلتقي الفريق مع فرنسا في باريس.'
  t.equal(run(plays, '2018-07-01T00:00:00+03:00').events.length, 2, 'out of context these read as an attack and a meeting')
  const match = run(`وفي المباراة التي أقيمت ضمن بطولة كأس العالم، سجل اللاعب هدفين في الشوط الثاني. ${plays}`, '2018-07-01T00:00:00+03:00')
  t.same(match.events, [], 'in a match report they are football')
  const war = run('وفي المباراة التي أقيمت على ملعب لوجنيكي ضمن بطولة كأس العالم، سجل اللاعب هدفين. وقتل 12 شخصا في هجوم شنه مسلحون على حافلة المشجعين.', '2018-07-01T00:00:00+03:00')
  t.equal(war.events.filter((e) => e.type === 'attack').length, 1, 'the dead say it is an attack')
  t.same(run('وحاولوا اقتحام موقع عسكري مهجور في رفح.').events, [])
  t.same(run('وتحدث الخطيب عن تحري تحرير المصطلحات.').events, [], 'تحرير needs a place')
})

t.test('everyday senses: a journal, a trip, calming markets, a culprit’s escape are no events; a patrol of armed men is', async (t) => {
  const types = (body: string) => run(body).events.map((e) => e.type)
  t.same(types('وخلصت الدراسة، التي نشرت في دورية "الأطفال"، الاثنين، إلى أن المطهرات تقلل الغياب.'), [], 'دورية: a journal')
  t.same(types('وكان البشير توجه إلى القاهرة عشية الانتخابات الرئاسية المصرية.'), [], 'توجه: a trip, not talks')
  t.same(types('وستبدأ المؤسسات في اتخاذ الإجراءات الضرورية صباح الاثنين لتهدئة مخاوف الأسواق المالية.'), [], 'تهدئة of markets')
  t.same(types('ولاذ الجاني بالفرار من الموقع قبل أن تصل الشرطة، حيث يجري البحث عنه.'), [], 'a culprit fleeing is no displacement')
  t.ok(types('وسيرت القوات الروسية والتركية دورية مشتركة على الطريق الدولي إم 4 في إدلب.').includes('patrol'))
})

t.test('a possibility (يمكن) is planned, not an occurrence', async (t) => {
  const a = run('وحذر مسؤولون من أن تنظيم داعش يمكن أن يشن هجمات على المونديال في روسيا.')
  t.ok(a.events.length > 0, 'the attack is read')
  t.notOk(a.events.some((e) => e.status === 'occurred'), 'and is no occurrence')
})
