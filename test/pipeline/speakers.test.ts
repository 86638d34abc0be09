import t from 'tap'
import { extractDocument } from '../../src/pipeline/index.js'
import { SPEAKER_SIEVES } from '../../src/pipeline/speakers.js'
import { doc, kb } from './helpers.js'

const run = (body: string, publishedAt?: string) => extractDocument(doc(body, publishedAt), kb())
/** The first statement of `body` and the entity it is attributed to. */
const firstSpeaker = (body: string) => {
  const a = run(body)
  return { quote: a.quotes[0], entity: a.entities.find((e) => e.id === a.quotes[0]?.speakerId) }
}
/** The people `body` introduces whom the KB does not know, by name. */
const discoveredNames = (body: string) => run(body).entities.filter((e) => e.source === 'discovered').map((e) => e.name)

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
  const body = 'وقال وزير الخارجية الإيراني كريم مرادوند إن بلاده تدعم الحوار. وأضاف مرادوند أن الحل سياسي.'
  const a = run(body)
  const b = run(body)
  const id = a.quotes[0]?.speakerId
  t.match(id, /^person:/)
  t.equal(id, b.quotes[0]?.speakerId)
  const ent = a.entities.find((e) => e.id === id)
  t.equal(ent?.name, 'كريم مرادوند')
  t.equal(ent?.source, 'discovered')
  t.equal(a.quotes[1]?.speakerId, id, 'the surname alone finds the same person')
})

t.test('subject phrase: a bare name after the verb, closed by an apposition or an adjunct', async (t) => {
  const a = run('قال غسان دغلس، مسؤول ملف الاستيطان في شمال الضفة، إن المستوطنين هاجموا القرية. وأضاف دغلس أن الاعتداءات مستمرة منذ أيام.')
  t.match(a.quotes[0]?.speakerId, /^person:/)
  t.equal(a.quotes[0]?.speakerRuleId, 'speaker.explicit-person', 'the entity stage found the name after the verb')
  const ent = a.entities.find((e) => e.id === a.quotes[0]?.speakerId)
  t.equal(ent?.name, 'غسان دغلس')
  t.equal(ent?.source, 'discovered')
  t.equal(a.quotes[1]?.speakerId, a.quotes[0]?.speakerId, 'the surname alone finds the same person')
  const b = run('وقال محمد سالم للصحفيين إن الاجتماع كان مثمرا جدا.')
  t.equal(b.entities.find((e) => e.id === b.quotes[0]?.speakerId)?.name, 'محمد سالم')
  t.equal(run('وقال محمد سالم للصحفيين إن الاجتماع كان مثمرا جدا.').quotes[0]?.speakerId, b.quotes[0]?.speakerId, 'stable id')
})

t.test('title pattern keeps a definite family name (الزهراني)', async (t) => {
  const a = run('أكد الدكتور راشد الزهراني أن المستشفى استقبل عشرات الحالات.')
  t.equal(a.entities.find((e) => e.id === a.quotes[0]?.speakerId)?.name, 'راشد الزهراني')
  t.equal(a.quotes[0]?.speakerRuleId, 'speaker.explicit-person')
})

t.test('subject phrase: organisations unknown to the KB, with stable org ids', async (t) => {
  const a = run('وأكدت شركة الاتحاد أن الرحلات ستستأنف الأسبوع المقبل.')
  const id = a.quotes[0]?.speakerId
  t.match(id, /^org:/)
  t.equal(a.quotes[0]?.speakerRuleId, 'speaker.explicit-org', 'the entity stage found the body after the verb')
  t.equal(a.entities.find((e) => e.id === id)?.type, 'organization')
  t.equal(run('وأكدت شركة الاتحاد أن الرحلات ستستأنف الأسبوع المقبل.').quotes[0]?.speakerId, id, 'stable id')
  const b = run('وذكرت صحيفة "ديلي ميل" أن اللاعب سينتقل إلى نادٍ جديد.')
  const media = b.entities.find((e) => e.id === b.quotes[0]?.speakerId)
  t.equal(media?.type, 'media')
  t.equal(media?.name, 'ديلي ميل', 'a head noun before a body the knowledge base knows is that body')
  const c = run('أعلنت وزارة الصحة السعودية أن عدد الإصابات ارتفع خلال اليوم.')
  const ministry = c.entities.find((e) => e.id === c.quotes[0]?.speakerId)
  t.equal(ministry?.name, 'وزارة الصحة السعودية', 'the body, not the country that qualifies it')
  t.equal(ministry?.affiliation, 'saudi-arabia')
})

t.test('a bare definite head refers back to the last body of its kind', async (t) => {
  const a = run('وقالت شركة الاتحاد إن الرحلات ستستأنف قريبا. وأوضحت الشركة أن الركاب سيبلغون بالمواعيد.')
  t.equal(a.quotes[1]?.speakerId, a.quotes[0]?.speakerId)
  t.equal(a.quotes[1]?.speakerRuleId, 'speaker.subject-anaphor')
  const b = run('وقال وزير الدفاع التركي خلوصي أكار إن المباحثات إيجابية. وقالت الشركة إن العقد لم يوقع بعد.')
  t.equal(b.quotes[1]?.speakerId, null, 'no company before: nobody, not the last speaker')
})

t.test('documents speak for their issuer, or for nobody', async (t) => {
  const a = run('ذكر بيان للجيش الموحد أن دورية تعرضت لإطلاق نار. وأكد البيان أن الجنود لم يصابوا بأذى.')
  t.equal(a.entities.find((e) => e.id === a.quotes[0]?.speakerId)?.name, 'الجيش الموحد')
  t.match(a.quotes[0]?.speakerId, /^org:/)
  t.equal(a.quotes[0]?.speakerRuleId, 'speaker.document-issuer')
  t.equal(a.quotes[1]?.speakerId, a.quotes[0]?.speakerId, 'the statement mentioned before is the same issuer')
  const b = run('وقال وزير الدفاع التركي خلوصي أكار إن المباحثات إيجابية. وأكد البيان أن الجنود لم يصابوا بأذى.')
  t.equal(b.quotes[1]?.speakerId, null, 'a statement without a nameable issuer is nobody, not the last speaker')
  t.equal(run('وكشفت دراسة حديثة أن النوم المبكر يحسن الذاكرة.').quotes[0]?.speakerId, null)
})

t.test('anonymous sources stay without a speaker, and so does the continuation', async (t) => {
  const a = run('وقال وزير الدفاع التركي خلوصي أكار إن المباحثات إيجابية. وقالت مصادر مطلعة إن الجولة المقبلة ستعقد في أنقرة. وأضافت أن الموعد لم يحدد.')
  t.equal(a.quotes[0]?.speakerId, 'akar')
  t.equal(a.quotes[1]?.speakerId, null)
  t.equal(a.quotes[1]?.speakerRuleId, 'speaker.anonymous')
  t.equal(a.quotes[2]?.speakerId, null, 'وأضافت continues the anonymous source, not Akar')
  t.equal(run('وقال شهود عيان إن الانفجار هز المنطقة بأكملها.').quotes[0]?.speakerId, null)
  t.equal(run('وذكر موقع إخباري إيراني أن القرار اتخذ على أعلى مستوى.').quotes[0]?.speakerId, null, 'an unnamed outlet')
  t.equal(run('وقال مصدر مقرب من الرئيس فلاديمير بوتين إن الاجتماع تأجل.').quotes[0]?.speakerId, null, 'the person after من is not the speaker')
  const officials = run('وقال مسؤولو أمن بتركيا، إن انفجارا وقع في مركز ثقافي ببلدة سروج.').quotes[0]
  t.same([officials?.speakerId, officials?.speakerRuleId], [null, 'speaker.anonymous'], 'officials of a country are not the country')
  const b = run('وقال خبير الأرصاد الجوية ستيفن كيتس لصحيفة إندبندنت إن الطقس سيتغير.')
  t.equal(b.entities.find((e) => e.id === b.quotes[0]?.speakerId)?.name, 'ستيفن كيتس', 'a descriptive head closing on a name is that person')
})

t.test('no subject phrase: a date, a place or an addressee after the verb', async (t) => {
  const a = run('وقال وزير الدفاع التركي خلوصي أكار إن المباحثات إيجابية. وقال الثلاثاء إن الجيش مستعد.')
  t.equal(a.quotes[1]?.speakerId, 'akar')
  t.equal(a.quotes[1]?.speakerRuleId, 'speaker.last-speaker')
  const b = run('وقال وزير الدفاع التركي خلوصي أكار إن المباحثات إيجابية. وأضاف في أنقرة أن الجيش مستعد.')
  t.equal(b.quotes[1]?.speakerId, 'akar')
  const c = run('وقال وزير الدفاع التركي خلوصي أكار إن المباحثات إيجابية. وأضاف لقناة سكاي نيوز أن الجيش مستعد.')
  t.equal(c.quotes[1]?.speakerId, 'akar', 'the channel addressed is not the speaker')
  t.equal(run('وقالت دراسة حديثة إن النوم مفيد.').entities.filter((e) => e.type === 'person').length, 0, 'common nouns are not names')
})

t.test('a bare title names whoever held the office on the article date (KB offices with tenures)', async (t) => {
  const at = (body: string, day: string) => extractDocument({ ...doc(body), publishedAt: `${day}T10:00:00+03:00` }, kb()).quotes[0]
  const said = (title: string) => `وقال ${title} إن "الوضع في المنطقة خطير للغاية".`
  t.same([at(said('الرئيس الأمريكي'), '2018-05-08')?.speakerId, at(said('الرئيس الأمريكي'), '2018-05-08')?.speakerRuleId], ['trump', 'speaker.kb-office'])
  t.equal(at(said('الرئيس الأميركي'), '2015-07-14')?.speakerId, 'obama', 'the other spelling, another holder')
  t.equal(at(said('وزير الخارجية الروسي'), '2020-03-05')?.speakerId, 'lavrov')
  t.equal(at(said('المتحدث باسم الكرملين'), '2020-02-20')?.speakerId, 'peskov')
  // with no known holder, the title still says whom its holder speaks for
  const between = at(said('وزير الزراعة التركي'), '2015-10-01')
  t.same([between?.speakerId, between?.speakerRuleId], ['turkey', 'speaker.title-affiliation'], 'no holder of that office in the KB: the country')
  t.equal(at(said('وزير الخارجية الأمريكي السابق'), '2018-05-08')?.speakerId ?? null, null, 'a former holder is neither the holder nor the country')
  t.equal(at(said('الرئيس التركي'), '2012-01-01')?.speakerId, 'turkey', 'before the tenure: the country')
  t.equal(at(said('وزير سابق'), '2012-01-01')?.speakerId ?? null, null, 'an indefinite title designates nobody')
  // a name in the text wins over the office: the same title with another name is that person
  t.equal(at('وقال الرئيس الأمريكي السابق باراك أوباما إن "الاتفاق جيد".', '2018-05-08')?.speakerId, 'obama')
  const undated = extractDocument({ ...doc(said('الرئيس التركي')), publishedAt: null }, kb()).quotes[0]
  t.same([undated?.speakerId, undated?.speakerRuleId], ['turkey', 'speaker.title-affiliation'], 'no date, no office holder: the country')
})

t.test('ranks, honorifics and professions introduce people the KB does not know', async (t) => {
  const speaker = (body: string) => {
    const { entity } = firstSpeaker(body)
    return [entity?.name, entity?.ruleId]
  }
  t.same(speaker('وقال العقيد مصطفى بكور إن "قوات النظام تحشد على محاور ريف إدلب الجنوبي".'), ['مصطفى بكور', 'entity.title.military-rank'])
  t.same(speaker('وقال عميد مصطفى بكور إن "قوات النظام تحشد".'), ['مصطفى بكور', 'entity.title.military-rank'], 'indefinite rank')
  t.same(speaker('وأكد المهندس محمد حابس أن "إعادة الإعمار ستبدأ".'), ['محمد حابس', 'entity.title.honorific'])
  t.same(speaker('وقال الناشط الإعلامي أحمد رحال إن "القصف لم يتوقف".'), ['أحمد رحال', 'entity.title.activist'])
  t.same(speaker('وقال القاضي سامر حداد إن "المحكمة ستنظر في القضية".'), ['سامر حداد', 'entity.title.judicial'])
})

t.test('a given name marks where a name starts after an organisation phrase the KB does not know', async (t) => {
  const speaker = (body: string) => {
    const { entity } = firstSpeaker(body)
    return [entity?.name, entity?.role]
  }
  t.same(speaker('وقال رئيس مجلس قروي قصرة عبدالعظيم وادي إن "المستوطنين هاجموا القرية".'), ['عبدالعظيم وادي', 'رئيس مجلس قروي قصرة'])
  t.same(speaker('وقال المدير الفني لبرشلونة لويس مارتيني إن "الفريق جاهز".'), ['لويس مارتيني', 'المدير الفني لبرشلونة'])
  // a genealogy is one name, whatever the list says about its first word
  t.same(speaker('وقال وزير الإعلام ماجد بن عبدالله الفريحي إن "المشروع سيكتمل".')[0], 'ماجد بن عبدالله الفريحي')
  // a listed (even ambiguous) first name is not skipped: the next given name is the father's
  t.same(speaker('وقال مدير المكتب يحيى محمود جنيد إن "العمل مستمر".')[0], 'يحيى محمود جنيد')
  t.same(speaker('وقال العقيد مصطفى بكور إن "قوات النظام تحشد".')[0], 'مصطفى بكور', 'a name that opens with a given name is kept whole')
})

t.test('a title that is also a common noun (الفريق: the team) introduces only a name', async (t) => {
  t.same(discoveredNames('وأكد مدرب النادي أن الفريق سيقدم موسما مختلفا عن الموسم السابق.'), [])
  t.same(discoveredNames('وأنهى الفريق غيابه لست سنوات عن الدوري الممتاز.'), [])
  t.same(discoveredNames('وقال الفريق أحمد الفايزي إن "العمليات مستمرة".'), ['أحمد الفايزي'])
  t.same(discoveredNames('وقال الفريق سفر بن أحمد الغامدي إن "القوات جاهزة".'), ['سفر بن أحمد الغامدي'], 'a genealogy is a name, listed first name or not')
})

t.test('a role may run on past a preposition when a given name follows', async (t) => {
  const speaker = (body: string) => {
    const { entity } = firstSpeaker(body)
    return [entity?.name, entity?.role]
  }
  t.same(speaker('وقال وزير النقل في ولاية ريو كارلوس أوسوريو: «القانون يمنع النقل الفردي للركاب».'), ['كارلوس أوسوريو', 'وزير النقل في ولاية ريو'])
  t.same(speaker('وقالت مسؤولة السياسة الخارجية في الاتحاد الأوروبي، فيديريكا موغريني، إنها تتوقع استمرار الاتفاق.'), [
    'فيديريكا موغريني',
    'مسؤولة السياسة الخارجية في الاتحاد الأوروبي'
  ])
  // a circumstance after في is not a name
  t.same(discoveredNames('وقال الرئيس في خطاب متلفز إن البلاد ستتجاوز الأزمة.'), [])
  // مسؤول is also "responsible": an anonymous official is nobody's name
  t.same(discoveredNames('وقال مسؤول أمريكي كبير إن المحادثات ستستأنف.'), [])
})

t.test('a body is the sentence subject only at the head of the sentence', async (t) => {
  const first = (body: string) => firstSpeaker(body).quote
  t.equal(first('لكن تركيا قالت إن القصف استهدف مواقع مسلحين.')?.speakerId, 'turkey')
  t.equal(first('وتحظى الفكرة بزخم كبير في تركيا في الوقت الراهن، فيما أشار إلى أن الاستهلاك يرتفع.')?.speakerId, null, 'a country after في is not the subject')
  t.not(first('دبي، الإمارات العربية المتحدة (CNN)— قال الداعية الإسلامي عدنان إبراهيم، إن الأمر محسوم.')?.speakerId, 'uae', 'a dateline is where the story was filed')
})

t.test('a definite family name closes a name that opens with a given name', async (t) => {
  t.equal(firstSpeaker('ونقلت وكالة رويترز عن الناطق باسم الجبهة الجنوبية عصام الريس أن الهجوم استهدف المنطقة الأمنية.').entity?.name, 'عصام الريس', 'the relayed source speaks, not the agency')
  t.equal(firstSpeaker('وأوضح مدير الرقابة المهندس عبد العزيز القحطاني أن المعامل أغلقت.').entity?.name, 'عبد العزيز القحطاني', 'عبد + a definite word is one given name')
})

t.test('who is with the speaker (مع, بحضور) is not the speaker', async (t) => {
  t.equal(run('وقال العطية خلال مؤتمر صحفي مشترك عقده مع وزير الخارجية الروسي سيرغي لافروف في الدوحة إن بلاده تعمل مع روسيا.').quotes[0]?.speakerId, null)
  t.equal(run('وقال لافروف خلال لقائه مع نظيره التركي مولود جاويش أوغلو إن موسكو لن تتراجع.').quotes[0]?.speakerId, 'lavrov')
  t.equal(run('وقال في مؤتمر صحفي وزير الخارجية الروسي سيرغي لافروف إن موسكو لن تتراجع.').quotes[0]?.speakerId, 'lavrov', 'an adjunct before the subject')
})

t.test('a noun with a possessive pronoun ends a name (زيارته, وحكومته)', async (t) => {
  t.same(discoveredNames('وقال الرئيس الأسبق بيل هاريسون كلمته في الحفل.'), ['بيل هاريسون'])
  t.same(discoveredNames('وقال رئيس الوزراء نواز بختيار وحكومته إن الخطة جاهزة.'), ['نواز بختيار'])
  // a family name in ـتة is a name, not a possessive: only the body's spelling tells them apart
  t.same(discoveredNames('وقال الدكتور محمود أحمد شحاتة إن النتائج مبشرة.'), ['محمود أحمد شحاتة'])
})

t.test('a family name alone is the person introduced with it, or a person of that name, never the previous speaker', async (t) => {
  const a = run('وقال الوزير خالد العتيبي إن الخطة جاهزة. وكان سعيد يعمل في مقهى قريب، وقال الساتي إنه ينبغي عليه التوقف.')
  t.not(a.quotes[1]?.speakerId, a.quotes[0]?.speakerId)
  t.equal(a.entities.find((e) => e.id === a.quotes[1]?.speakerId)?.name, 'الساتي')
  const b = run('وقال الوزير خالد العتيبي إن الخطة جاهزة. وأضاف العتيبي أن التنفيذ يبدأ غدا.')
  t.equal(b.quotes[1]?.speakerId, b.quotes[0]?.speakerId)
})

t.test('a demonym that is also a given name, before a family name, is a name (تركي المالكي)', async (t) => {
  const speaker = (body: string) => {
    const { quote, entity } = firstSpeaker(body)
    return entity?.name ?? quote?.speakerRuleId
  }
  t.equal(speaker('وقال المتحدث باسم التحالف، تركي المالكي، إن الصاروخ اعترض.'), 'تركي المالكي')
  t.equal(speaker('وقال العقيد طيار ركن تركي المالكي إن الصاروخ اعترض.'), 'تركي المالكي', 'ركن and طيار belong to the rank')
  t.equal(speaker('وقال مسؤول تركي إن المحادثات مستمرة.'), 'speaker.anonymous', 'a Turkish official is still Turkish')
})

t.test('the sieves the knowledge base lists are the mechanisms speakers.ts has, in a strict order', async (t) => {
  const listed = kb().speakerSieves.map((s) => s.id)
  t.same([...listed].sort(), [...SPEAKER_SIEVES].sort())
  const orders = kb().speakerSieves.map((s) => s.order)
  t.same(orders, [...orders].sort((a, b) => a - b))
  t.equal(new Set(orders).size, orders.length, 'no two sieves share a place')
})

t.test('a single word after a speech verb, closed by punctuation or إن, is a person (not an adverb or a noun)', async (t) => {
  const a = run('وقال بيرانديلو: "اسألوه عن ذلك". وأضاف بيرانديلو أن اللاعب تعافى.')
  t.equal(a.entities.find((e) => e.id === a.quotes[0]?.speakerId)?.name, 'بيرانديلو')
  t.equal(a.quotes[1]?.speakerId, a.quotes[0]?.speakerId)
  for (const adverb of ['أيضا', 'حينها', 'سموه', 'فيها']) t.equal(discoveredNames(`وقال ${adverb} إن الوضع صعب.`).length, 0, adverb)
  t.same(discoveredNames('وقال حديثه إن الوضع صعب.'), [], 'a noun with a possessive pronoun')
})

t.test('an honorific pronoun (سموه, معاليه) is the person last named', async (t) => {
  const a = run('وأكد الأمير خالد الفيصل أن المشروع يسير وفق الخطة. وحول التمويل أكد سموه أن الميزانية كافية.')
  t.equal(a.quotes[1]?.speakerId, a.quotes[0]?.speakerId)
  t.equal(a.quotes[1]?.speakerRuleId, 'speaker.honorific')
})

t.test('a bare definite title refers back to the person introduced with that title, unless another country is named', async (t) => {
  const a = run('قال مدرب نادي الأمل، جوزيه فالديرو، إن الفريق جاهز. وأردف المدرب البرتغالي: "نحن مستعدون".')
  t.equal(a.quotes[1]?.speakerId, a.quotes[0]?.speakerId)
  t.equal(a.quotes[1]?.speakerRuleId, 'speaker.role-mention')
  const b = run('وقال الرئيس التركي رجب طيب أردوغان إن القوات مستعدة. وقال الرئيس الروسي إن "الوضع معقد".', '2018-05-08T10:00:00+03:00')
  t.equal(b.quotes[1]?.speakerId, 'putin', 'another country: the office, not the earlier president')
})

t.test('an unnamed holder of a definite title speaks for the country or body it names', async (t) => {
  const a = run('وقال السفير التركي في العراق إن الأموال لم تدفع.')
  t.same([a.quotes[0]?.speakerId, a.quotes[0]?.speakerRuleId], ['turkey', 'speaker.title-affiliation'])
  t.equal(run('وقال مسؤول تركي إن الأموال لم تدفع.').quotes[0]?.speakerId, null, 'an indefinite official is anonymous')
  const b = run('وقال السفير البريطاني في هولندا، بيتر ويلسون، إن الوحدة أرسلت ضباطا.')
  t.equal(b.entities.find((e) => e.id === b.quotes[0]?.speakerId)?.name, 'بيتر ويلسون', 'a name in apposition is the speaker')
})

t.test('a described body (الوكالة الإيرانية) is the body of that kind the article named, else a body of its own', async (t) => {
  const a = run('كشفت وكالة الأنباء الإيرانية "ارنا" عن الاجتماع. وذكرت الوكالة الإيرانية أن وفدا توجه إلى الدوحة.')
  t.equal(a.quotes[0]?.speakerId, 'irna')
  const b = run('أعلنت بعثة الأمم المتحدة في العراق مقتل 3440 عراقيا. وذكر بيان للبعثة الأممية أن "عدد القتلى بلغ 1332".')
  t.equal(b.entities.find((e) => e.id === b.quotes[0]?.speakerId)?.name, 'بعثة الأمم المتحدة في العراق', 'with the country it serves')
  const c = run('أعلنت #الشرطة_النمساوية أنها اعتقلت مشتبها به. وتقول الشرطة إنها ما زالت تحقق.')
  t.equal(c.entities.find((e) => e.id === c.quotes[0]?.speakerId)?.name, 'الشرطة النمساوية', 'hashtag marks are not in the name')
  t.equal(c.quotes[1]?.speakerId, c.quotes[0]?.speakerId)
})

t.test('names: genealogies run past four words, a title in apposition ends a name', async (t) => {
  t.same(discoveredNames('وكشف صاحب السمو الملكي الأمير نايف بن مساعد بن عبدالمحسن أن الديون ستعالج.'), ['نايف بن مساعد بن عبدالمحسن'])
  t.same(discoveredNames('وقال الجنرال جون نيكولسون قائد القوات الأميركية في أفغانستان إن كابل محور الجهد.'), ['جون نيكولسون'])
  t.same(discoveredNames('وقال الرئيس التنفيذي لشركة أوبر، دارا خسرو شاهي، في بيان إن فرنسا مهمة.'), ['دارا خسرو شاهي'])
})

t.test('بين is a speech verb only at the head of a clause', async (t) => {
  t.equal(run('وبين الناطق الرسمي باسم الوزارة أن المتهم هرب.').quotes.length, 1)
  t.equal(run('وجرت محادثات بين الطرفين أن تعذر الاتفاق.').quotes.length, 0)
})

t.test('an implicit subject agrees with its verb: a feminine verb does not continue a man, a plural one no single speaker', async (t) => {
  const a = run('وقالت الوزيرة سارة الخطيب إن الخطة جاهزة. وقال المدير كمال الفايد إن التمويل متوفر. وأضافت أن التنفيذ يبدأ غدا.')
  t.equal(a.quotes[2]?.speakerId, a.quotes[0]?.speakerId, 'وأضافت: the woman, not the last speaker')
  const b = run('وقال المدير كمال الفايد إن التمويل متوفر. وأضافوا أن التنفيذ يبدأ غدا.')
  t.equal(b.quotes[1]?.speakerId, null, 'وأضافوا: a group, not Kamal')
})

t.test('a subject named before its verb is the speaker, and the name after the verb its object', async (t) => {
  const a = run('وكانت منظمة العفو الدولية طالبت البحرين بأن "تفرج عن المعتقلين فورا".')
  t.equal(a.quotes[0]?.speakerId, 'amnesty')
  t.equal(a.quotes[0]?.speakerRuleId, 'speaker.preverbal-subject')
  const b = run('وتشير الحصيلة إلى 30 قتيلا بحسب حاكم منطقة سوروتش عبدالله جيفتشي الذي أضاف إن نحو 20 جريحا في حالة حرجة.')
  t.equal(b.entities.find((e) => e.id === b.quotes[0]?.speakerId)?.name, 'عبدالله جيفتشي')
})

t.test('a verb opening a sentence with no subject of its own continues the previous sentence\'s subject', async (t) => {
  const a = run('ونسب رئيس الوزراء أحمد داود أوغلو الهجوم إلى التنظيم المتطرف. وقال أمام الصحافيين في أنقرة إن التحقيق مستمر.', '2015-07-21T10:00:00+03:00')
  t.equal(a.quotes[0]?.speakerId, 'ahmet-davutoglu')
  t.equal(a.quotes[0]?.speakerRuleId, 'speaker.previous-subject')
  const b = run('ورحبت جمعية الأمل بالقرار، وقالت إنها ستتابع التنفيذ.')
  t.not(b.quotes[0]?.speakerRuleId, 'speaker.previous-subject', 'a clause before the verb has the subject')
})

t.test('entities: a bare office title names its holder on the article date; names after a nationality; context aliases', async (t) => {
  const ids = (body: string, pub?: string) => run(body, pub).entities.map((e) => e.id)
  t.ok(ids('وجاء ذلك بعد أن ندد الرئيس التركي بالهجوم.', '2015-07-21T10:00:00+03:00').includes('erdogan'), 'الرئيس التركي in 2015')
  t.notOk(ids('وجاء ذلك بعد أن ندد الرئيس الأمريكي السابق بالهجوم.', '2018-07-21T10:00:00+03:00').includes('trump'), 'a former holder is nobody')
  t.same(discoveredNames('وسيكون في قائمة المغادرين بعد العراقي سيف سلمان هذا الموسم.'), ['سيف سلمان'])
  t.same(discoveredNames('ويعتمد على استقراره النسبي في المنطقة.'), [], 'a noun with a pronoun after a nisba is no name')
  t.ok(ids('وتقول الرواية إن مقاتلي القاعدة انسحبوا من المدينة.').includes('al-qaeda'), 'a member noun before a context alias')
  t.notOk(ids('وقال إن هذه القاعدة تنطبق على الجميع.').includes('al-qaeda'), 'a common word alone')
  t.ok(ids('وفرضت واشنطن عقوبات على حزب الله وحماس.').includes('hamas'), 'listed after a body of its kind')
})

t.test('a bare title in construct with a name belongs to someone else: the name in apposition, or nobody', async (t) => {
  const a = firstSpeaker('وقال محامي دييغو مارادونا، ماتياس مورلا، عبر حسابه على تويتر: "مارادونا يعتذر للرئيس".')
  t.equal(a.entity?.name, 'ماتياس مورلا')
  const b = run('وقال دييغو مارادونا إنه سيعتذر. وقال محامي مارادونا إن موكله سيعتذر.')
  t.not(b.entities.find((e) => e.id === b.quotes[1]?.speakerId)?.name, 'دييغو مارادونا', 'the lawyer is not Maradona')
  t.equal(firstSpeaker('وقال المتحدث باسم الرئيس فلاديمير بوتين إن روسيا لن تتراجع.').quote?.speakerId ?? null, null, 'the spokesman, not Putin')
  t.equal(firstSpeaker('وقال آية الله علي خامنئي إن إيران لن تتراجع.').quote?.speakerId, 'khamenei', 'a title that addresses its holder by name')
})

t.test('the subject after an addressee (لـ"الرياض"), a name in quotation marks, a share of people', async (t) => {
  t.equal(firstSpeaker('وأكد لـ"الرياض" غزاي الحربي بأن المحكمة حكمت لوالده بالبراءة.').entity?.name, 'غزاي الحربي')
  t.equal(firstSpeaker('وتابع "القرعوطي": "إدارة المستشفى تؤكد أن عملية الخلط تتم يدويا".').entity?.name, 'القرعوطي')
  t.not(firstSpeaker('وقالت "يوجد بين الصين وإيران تعاون صريح منذ فترة طويلة".').entity?.name, 'يوجد', 'a quotation is what is said')
  const share = run('أكد التقرير أن الشركات تشجع موظفيها. وقال أكثر من نصف المشاركين إنهم ملتزمون بالتعلم المستمر. بينما قال 5,9% إنهم ليسوا متأكدين من ذلك.')
  t.same(share.quotes.slice(-2).map((q) => [q.speakerId, q.speakerRuleId]), [[null, 'speaker.anonymous'], [null, 'speaker.anonymous']])
})

t.test('a title before its verb (أما الرئيس الإيراني فقال); a sentence of a quotation has no subject to carry on', async (t) => {
  const a = run('وقال الرئيس الروسي فلاديمير بوتين في القمة: "يجب أن يحدد السوريون مصيرهم بأنفسهم.. الحكومة الروسية تساعد الحكومة السورية في الأمور الإنسانية". وأضاف: "يجب أن نساهم في إنعاش البنية التحتية". أما الرئيس الإيراني فقال في كلمته: "إيران تؤكد أن الديمقراطية الحقيقية هي إرادة شعبية".', '2018-09-07T10:00:00+03:00')
  t.same(a.quotes.map((q) => q.speakerId), ['putin', 'putin', 'rouhani'])
  t.equal(a.quotes[2]?.speakerRuleId, 'speaker.kb-office')
})

t.test('a body of a country or county; the government of the country the article is about', async (t) => {
  t.equal(firstSpeaker('وقالت السلطات في مقاطعة غادسدن إن "هناك وفاة مرتبطة بالإعصار".').entity?.name, 'السلطات في مقاطعة غادسدن')
  const b = firstSpeaker('من جانبه، أعلن مكتب الرئاسة في كوريا الجنوبية الأحد، أن الزعيم الكوري الشمالي وعد بدعوة خبراء.')
  t.same([b.entity?.name, b.entity?.affiliation], ['مكتب الرئاسة في كوريا الجنوبية', 'south-korea'])
  t.equal(firstSpeaker('وقالت وسائل الإعلام الرسمية في كوريا الشمالية إن بيونغ يانغ ستعلق التجارب.').entity?.affiliation, 'north-korea')
  const c = run('اختطفت جماعة بوكو حرام فتيات في نيجيريا. وتعهدت نيجيريا باستعادتهن. وقالت الحكومة إن إطلاق سراحهن يمهد الطريق لمحادثات.')
  t.equal(c.quotes[0]?.speakerId, 'nigeria')
  const d = run('وقالت الحكومة إن الاتفاق سيوقع قريبا بين تركيا وروسيا.')
  t.equal(d.quotes[0]?.speakerId, null, 'no country the article is about')
})

t.test('a relayed statement is its source’s, not the channel’s; unnamed sources stay unnamed', async (t) => {
  const a = run('ونقلت وكالة أنباء الإمارات "وام" عن مصادر طبية أن القصف الذي استهدف المستشفى لا يزال مستمرا، مؤكدة أنه لا توجد إصابات في صفوف العاملين.')
  t.same(a.quotes.map((q) => q.speakerId), [null, null])
  t.equal(a.quotes[0]?.speakerRuleId, 'speaker.anonymous')
  t.equal(firstSpeaker('ونقلت وكالة الأنباء الموالية لحكومة طرابلس عن حامد الخيال، عميد بلدية سبها، أن «الأوضاع الأمنية مستقرة».').entity?.name, 'حامد الخيال')
  t.equal(firstSpeaker('ونقلت وكالة فرانس برس عن مصدر مطلع أن الاجتماع تأجل.').quote?.speakerId, null)
})

t.test('unnamed subjects before or after the verb: reports, a people', async (t) => {
  const a = run('وقال موقع حرييت دايلي نيوز إن العدد بلغ 158. وكانت تقارير إعلامية سابقة أفادت بأن الموظفين تستروا على العدد الحقيقي.')
  t.same([a.quotes[1]?.speakerId, a.quotes[1]?.speakerRuleId], [null, 'speaker.preverbal-subject'])
  const b = run('وذكرت وكالة الأنباء الفلسطينية أن أربعة أصيبوا. ويقول الفلسطينيون إن الاحتجاجات تعبير شعبي عن الغضب.')
  t.same([b.quotes[1]?.speakerId, b.quotes[1]?.speakerRuleId], [null, 'speaker.anonymous'])
})

t.test('a participle after a statement named with its issuer is the issuer’s', async (t) => {
  const a = run('جاء ذلك في بيان للاتحاد الأوروبي صدر الاثنين، لافتا إلى أن الوضع في غزة مقلق للغاية.')
  t.equal(a.quotes[0]?.speakerId, 'eu')
})

t.test('names: a genealogy closed by a definite family name; one listed name after a title that addresses it', async (t) => {
  t.equal(firstSpeaker('وأشار المهندس خالد بن صالح المديفر إلى أن المشروع سيكتمل.').entity?.name, 'خالد بن صالح المديفر')
  t.equal(firstSpeaker('طالبت السفيرة علياء أحمد بن سيف آل ثاني المندوب الدائم لقطر برفع الحصار، وقالت إن الحوار ضروري.').entity?.name, 'علياء أحمد بن سيف آل ثاني', 'آل is a particle, not an article')
  t.equal(firstSpeaker('قال الشيخ محمد بن إبراهيم رحمه الله: (حكومتنا بحمد الله شرعية).').entity?.name, 'محمد بن إبراهيم', 'a religious formula closes a name')
  const a = run('وقالت الشيخة لطيفة في الفيديو إنها تخشى على حياتها. وأضافت أنها حاولت الفرار.')
  t.same(a.quotes.map((q) => a.entities.find((e) => e.id === q.speakerId)?.name), ['لطيفة', 'لطيفة'], 'and a feminine verb makes her a woman for the verbs after')
  t.same(discoveredNames('وقال الباحث بجامعة الملك عبدالعزيز إن الشهب تصل إلى ذروتها.'), [], 'a title inside an institution’s name introduces nobody')
  t.equal(firstSpeaker('وقالت الفنلندية تينا يوهياينن إن الأمر خطير.').entity?.name, 'تينا يوهياينن', 'a nationality, then the name')
})

t.test('a speech word after عدم is a verbal noun, not the cue', async (t) => {
  const a = run('من ناحيته، قال مسؤول مصرفي آخر، فضل عدم ذكر اسمه، إنه وفق نظام القطاع المصرفي لا توجد قروض غير متعثرة.')
  t.same([a.quotes.length, a.quotes[0]?.cue, a.quotes[0]?.speakerRuleId], [1, 'قال', 'speaker.anonymous'])
})

t.test('a name inside an earlier statement of the sentence is not the subject of the next cue', async (t) => {
  const a = run('وأكد أن "ديمتري بيسكوف لا يعرف شيئا"، مشيرا إلى أن "اللقاء كان مثمرا".')
  t.equal(a.quotes.length, 2)
  t.equal(a.quotes[1]?.speakerId, null, 'Peskov is what the statement speaks of, not who speaks')
})

t.test('after a comma, a name joined by و is the next of a list, not the holder of the role before it', async (t) => {
  t.same(discoveredNames('قال المتحدث باسم الحركة، ورافع العيساوي إن "العراق موحد".'), [])
  t.same(discoveredNames('قال المتحدث باسم الحركة، رافع العيساوي، إن "العراق موحد".'), ['رافع العيساوي'], 'without و it is the holder')
})

t.test('a title that addresses its holder by name vouches for an unlisted given name and a lone family name', async (t) => {
  t.same(discoveredNames('أكد الشيخ خميس الخنجر أن «العراق موحد».'), ['خميس الخنجر'])
  t.same(discoveredNames('وقالت السناتور جوني إرنست إن "العراق موحد".'), ['جوني إرنست'])
  t.same(discoveredNames('وأفاد الدكتور اليماني أنه "سيتم افتتاح المركز".'), ['اليماني'])
  t.same(discoveredNames('وقال الأستاذ الجامعي إن "العراق موحد".'), [], 'a nisba that qualifies the title is no name')
  t.same(discoveredNames('وقال الملك يستقبل الوفد في القصر إن "العراق موحد".'), [], 'a verb after the title is no given name')
  t.same(discoveredNames('كتب: حدثني الأمير، كلمني المسئول إن "العراق موحد".'), [], 'nor a word after a comma')
  const a = run('وقال العقيد تركي المالكي إن "العملية مستمرة". وأوضح العقيد المالكي أن "الصواريخ اعترضت".')
  t.equal(a.quotes[1]?.speakerId, a.quotes[0]?.speakerId, 'the family name alone is the person named in full before')
  t.ok(a.quotes[0]?.speakerId)
})

t.test('what a document says (جاء فيه) is a statement of the issuer the text gives that document', async (t) => {
  const a = run('وأعاد عبدالله بن زايد نشر تغريدة للناشط علي النعيمي، جاء فيها "اعلم يا فهمي".')
  t.equal(a.quotes.length, 1)
  t.equal(a.entities.find((e) => e.id === a.quotes[0]?.speakerId)?.name, 'علي النعيمي', 'the tweet’s author, not who shared it')
  t.equal(a.quotes[0]?.speakerRuleId, 'speaker.document-content')
  const b = run('وأصدرت وزارة الداخلية السعودية بيانا جاء فيه: "تم القبض على المتهمة".')
  t.equal(b.quotes.length, 1, 'جاء فيه introduces a statement')
  t.equal(b.entities.find((e) => e.id === b.quotes[0]?.speakerId)?.name, 'وزارة الداخلية السعودية')
})

t.test('names the folded text hides: علي as the body spells it, a family name written with a hamza', async (t) => {
  t.same(discoveredNames('وقال الطبيب علي الأحمد إن "الضرب استمر".'), ['علي الأحمد'])
  t.same(discoveredNames('وقال الرئيس إن "الضغط على إيران سيستمر".'), [], 'على is the preposition')
  t.same(discoveredNames('وقال زاركو ألفيريفتش إن "النتائج مخيبة".'), ['زاركو ألفيريفتش'])
  const a = run('قالت قوة المهام المشتركة في بيان إن الولايات المتحدة نفذت 15 غارة. وقال البيان إن ستا من هذه الغارات كانت في سوريا.')
  t.equal(a.entities.find((e) => e.id === a.quotes[1]?.speakerId)?.name, 'قوة المهام المشتركة', 'a force is a body; its statement speaks for it')
})

t.test('a body’s name ends where its construct chain does: not the verb’s object', async (t) => {
  const a = run('أعلنت وزارة التجارة والصناعة نتائج الاستبيان، وأظهرت نتائجه أن 59 في المائة غير راضين.')
  t.equal(a.entities.find((e) => e.id === a.quotes[0]?.speakerId)?.name, 'وزارة التجارة والصناعة')
  const b = run('وأعلنت وزارة الداخلية الاسبانية توقيف شخصين، وقالت إن "التحقيق مستمر".')
  t.same(b.entities.filter((e) => e.source === 'discovered').map((e) => e.name), ['وزارة الداخلية الاسبانية'], 'definite modifiers stay in the name, the object does not')
})

t.test('some, others, a man: nobody in particular, not the previous speaker', async (t) => {
  const a = run('وقال الرئيس دونالد ترامب إن "الاقتصاد قوي". فيما يرى البعض أن "الاقتصاد يتباطأ".')
  t.equal(a.quotes[1]?.speakerId, null)
  t.equal(a.quotes[1]?.speakerRuleId, 'speaker.anonymous')
  const b = run('وقال الرئيس دونالد ترامب إن "الاقتصاد قوي". وقال رجل شرطة إن "المتهم فر".')
  t.equal(b.quotes[1]?.speakerId, null)
  t.same(discoveredNames('رفض بعض الآباء الماليزيين تطعيم أبنائهم بالمدارس، بدعوى أن "اللقاح حرام".'), [], 'no name after a quantifier')
})

t.test('a preposition folded like a name is no surname (على), an adverb with tanween no name (دوماً)', async (t) => {
  const a = run('وقال آغ محمد علي إن "الوضع هادئ". وأكد المسؤول على أن "الانتخابات ستجرى".')
  t.notOk(a.quotes[1]?.speakerRuleId === 'speaker.explicit-person', 'على is not the family name of آغ محمد علي')
  t.same(discoveredNames('إلا أن الأصدقاء كانوا يصرون دوماً على أن "الأمور بخير".'), [])
  t.notOk(run('وقال المتحدث إن "الأسعار ترتفع دوماً في الصيف".').entities.some((e) => e.type === 'place'), 'دوماً is not Douma')
})

t.test('compound given names written apart, two-word family names', async (t) => {
  t.same(discoveredNames('وقال المهندس عبد الرحمن العلي إن "المشروع بدأ".'), ['عبد الرحمن العلي'])
  t.same(discoveredNames('من جهته، أوضح عبد العزيز الجميح أن "المرض منتشر".'), ['عبد العزيز الجميح'])
  const a = run('وقال المهندس عبدالناصر العبد اللطيف إن "المشروع بدأ". وكشف العبد اللطيف أن "المرحلة الثانية قريبة".')
  t.equal(a.entities.find((e) => e.id === a.quotes[1]?.speakerId)?.name, 'عبدالناصر العبد اللطيف')
})

t.test('an abbreviation’s full stop (د. صالح) ends no sentence; an era after a year (1436 هـ.) still may', async (t) => {
  const a = run('وقال د. صالح اللويم إن "العنف يتزايد".')
  t.equal(a.entities.find((e) => e.id === a.quotes[0]?.speakerId)?.name, 'صالح اللويم')
  const b = run('وانتهى المشروع في عام 1436 هـ. وقال الوزير إن "الرحلة جيدة".')
  t.equal(b.quotes.length, 1)
  t.equal(b.quotes[0]?.text, 'الرحلة جيدة')
})

t.test('بالقول ends the speaker’s name; a tweeter is a title', async (t) => {
  t.same(discoveredNames('وعلق جورج فاخوري بالقول: "بدي شوف".'), ['جورج فاخوري'])
  t.same(discoveredNames('في حين علق المغرد سامي خوري على ذلك: "بدي شوف".'), ['سامي خوري'])
})

t.test('who a relative clause names is not the speaker; a name after the clause and a comma is', async (t) => {
  const a = run('وقال ساركوزي الذي استقبله الرئيس الباجي قائد السبسي إن "تونس مهمة".')
  t.not(a.quotes[0]?.speakerId, 'beji-caid-essebsi')
  t.notOk(a.entities.find((e) => e.id === a.quotes[0]?.speakerId)?.name.includes('السبسي'))
  t.equal(run('وقال مدير المستشفى الذي يعالج فيه محمود عباس إن "حالته مستقرة".').quotes[0]?.speakerId, null)
  t.same(discoveredNames('وقال كبير الباحثين الذين قاموا بالدراسة، سيث بولاك إن "النتائج مهمة".'), ['سيث بولاك'])
})

t.test('an unnamed official of a country is an unnamed source, an ambassador speaks for the country', async (t) => {
  t.equal(run('وقال المسؤول السعودي إن "الحوار مستمر".').quotes[0]?.speakerId, null)
  t.equal(run('وقال السفير القطري إن "الحوار مستمر".').quotes[0]?.speakerId, 'qatar')
})
