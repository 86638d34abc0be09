/**
 * Loads seeds/kb/*.json once, checks its shape, and builds the lookup tries the stages share.
 * Vocabulary lives in the JSON; this module only knows the file kinds.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { AnnotationEntityType } from '../../schemas/annotations.js'
import { AFFIX_TABLE, parseAffixTable, startsWithArticle } from '../text/affixes.js'
import { normaliseKey } from './normalise.js'
import { keyTokens, newTrie, trieInsert, type TrieNode } from './trie.js'

export interface KbEntity {
  id: string
  type: AnnotationEntityType
  name: string
  nameEn: string | null
  aliases: string[]
  role: string | null
  affiliation: string | null
  lat: number | null
  lon: number | null
  partOf: string | null
  placeType: string | null
  capitalOf: string | null
  /** Grammatical gender where the KB says it (`f`: a woman; `m`: a masculine country such as العراق); else null. */
  gender: 'f' | 'm' | null
}

export interface KbAgreement {
  id: string
  name: string
  nameEn: string | null
  signedOn: string | null
  placeId: string | null
  partyIds: string[]
  provisions: string[]
  aliases: string[]
  descriptors: string[]
}

export interface EntityKey {
  entityId: string
  ruleId: string
}
export interface AgreementKey {
  agreementId: string
  descriptor: boolean
}
export interface SpeechCue {
  id: string
  kind: 'verb' | 'participle' | 'impersonal'
  report: boolean
  /** The form is also a common other word (`بين`, between): a cue only at the head of a clause. */
  clauseInitial: boolean
  /** A feminine form (`قالت`, `تقول`, `مضيفة`): its subject is a woman or a feminine noun. */
  feminine: boolean
}
export interface TitleKey {
  id: string
  takesOrg: boolean
  /** The form is also a common noun (`الفريق` the team, `المحافظ` the conservative): a name must start with a given name. */
  needsGivenName: boolean
  /** A feminine form (`وزيرة`, `المتحدثة`): its holder is a woman. */
  feminine: boolean
  /** Bare forms stand before the holder's own name (`د. محمد`); other bare titles govern a possessor (`محامي مارادونا`). */
  addressesName: boolean
}
/** Head noun of a subject phrase after a speech verb (see subjects.ts). */
export type SubjectClass = 'organization' | 'media' | 'anonymous' | 'document' | 'common'
export interface SubjectHead {
  id: string
  cls: SubjectClass
}
/**
 * An office a KB person held, with its tenure: a bare title after a speech verb (`قال وزير الخارجية الروسي`) names
 * whoever held it on the article's date.
 */
export interface Office {
  tokens: string[]
  personId: string
  /** First and last day in office (YYYY-MM-DD); null: open. */
  from: string | null
  to: string | null
}
export interface EventTrigger {
  id: string
  type: string
  pos: string
  needsArg: boolean
  needsActor: boolean
  needsPlaceOrDate: boolean
  /** Counts only with a place named in its clause (`استعاد` what: not `عافيتها`). */
  needsPlace: boolean
  /** A mention with no date of its own that matches an earlier event of its type is a second mention of it. */
  corefers: boolean
  /** Words that, right after the trigger, give it another sense (`تستهدف حل الخلافات`: aim, not attack). */
  notBefore: Set<string>
  /** Words of which one must follow the trigger closely in its clause (`نشر قوات`, not `نشر تقريرا`); empty: none. */
  needsNear: Set<string>
  /** Words that, following the trigger closely in its clause, give it another sense (`انسحاب من الاتفاق`). */
  notNear: Set<string>
  /** Words that, right before the trigger, give it another sense (`رئيس تحرير`: an editor, not a liberation). */
  notAfter: Set<string>
}
/** One speaker-attribution sieve: its mechanism is in speakers.ts, its place and weight are data. */
export interface SpeakerSieve {
  id: string
  order: number
  confidence: number
  /** Whether it also attributes participle continuations (`مضيفا`), whose subject is the main clause's. */
  participles: boolean
}
export interface DateKey {
  id: string
  kind: 'month' | 'weekday' | 'relative'
  value: number
  unit?: 'day' | 'week' | 'month' | 'year'
}
export interface NumberKey {
  id: string
  value: number
}
export interface QualifierKey {
  id: string
  qualifier: 'at_least' | 'about' | 'at_most'
}

export interface KnowledgeBase {
  entities: Map<string, KbEntity>
  agreements: Map<string, KbAgreement>
  entityTrie: TrieNode<EntityKey>
  agreementTrie: TrieNode<AgreementKey>
  speechTrie: TrieNode<SpeechCue>
  /** Words attributing a claim to a source (`بحسب`, `وفق ما`). */
  attributionTrie: TrieNode<string>
  titleTrie: TrieNode<TitleKey>
  offices: Office[]
  /** The offices of each KB person. */
  officesOf: Map<string, Office[]>
  /** Office titles as token sequences, for a bare title in running text (`الرئيس التركي` in 2015: Erdogan). */
  officeTrie: TrieNode<Office>
  /** Speaker-attribution sieves in the order they run. */
  speakerSieves: SpeakerSieve[]
  /** Words right after a title that make it a past holder's (`السابق`): no office then. */
  formerWords: Set<string>
  /** Subject-phrase head nouns, indefinite and definite forms. */
  subjectTrie: TrieNode<SubjectHead>
  eventTrie: TrieNode<EventTrigger>
  dateTrie: TrieNode<DateKey>
  numberTrie: TrieNode<NumberKey>
  qualifierTrie: TrieNode<QualifierKey>
  agreementHeadTrie: TrieNode<string>
  /** After a comma, words with which the narrator takes over again (`وذلك`, `في حين`): a statement ends there. */
  resumerTrie: TrieNode<string>
  words: {
    complementizers: Set<string>
    /** Words that govern the أن right after them (بعد أن, يجب أن): not a speech verb's complementiser. */
    ownComplement: Set<string>
    adjuncts: Set<string>
    orgHeads: Set<string>
    /** Prepositions that continue a role phrase between a title and a name (`وزير النقل في ولاية ريو`). */
    roleLinkers: Set<string>
    /** Words before a person who accompanies the speaker (`مع`, `برفقة`): not the speaker. */
    companionMarkers: Set<string>
    nameParticles: Set<string>
    /** Words that open a compound given name when written apart (`عبد الله`, `أبو بكر`). */
    nameOpeners: Set<string>
    /** Words never read as a personal name where a subject name would stand (`أيضا`, `فيها`, `بالقول`). */
    notNames: Set<string>
    /** Words that begin a description of the person right after a name (`أحد`). */
    appositionWords: Set<string>
    /** Honorific pronouns standing for a person already named (`سموه`, `معاليه`). */
    honorificPronouns: Set<string>
    /** Words after which a clause begins as at its head (`كما`, `فيما`). */
    clauseOpeners: Set<string>
    /** Nouns heading a place name (`مدينة`, `جزيرة`): after one, a context alias is the place. */
    /** Words opening a clause that a claim before its attribution leaves out (`لكنه`, `كما`); words linking an
     * attribution to the claim after it (`فإن`, `فقد`). */
    claimOpeners: Set<string>
    claimLinks: Set<string>
    placeHeads: Set<string>
    /** Words for a place's countryside (`ريف`, `أرياف`), and the place types that have one. */
    countrysideWords: string[]
    countrysideOf: Set<string>
    /** Nouns before a body's name (`مقاتلي`, `لاعبي`, `صحيفة`): after one, a context alias is the body. */
    memberHeads: Set<string>
    /** Between a subject named before its verb and the verb (`قد`), a relative pronoun, and what may open its sentence. */
    preverbalParticles: Set<string>
    relativePronouns: Set<string>
    sentenceOpeners: Set<string>
    /** Given names (Arabic and foreign, in Arabic script) that are almost never ordinary words: where a name starts. */
    givenNames: Set<string>
    /** Given names that are also common words: never evidence that a name starts, but a word a name may start with. */
    ambiguousNames: Set<string>
    stopWords: Set<string>
    /** Words of signing between an accord noun and a date (`المبرمة في`, `الموقعة`). */
    agreementSigning: Set<string>
    /** The preposition naming an accord's parties (`بين`). */
    agreementParties: Set<string>
    plannedCues: Set<string>
    ongoingCues: Set<string>
    negationCues: Set<string>
    modalCues: Set<string>
    /** Words before a trigger in its clause that make it a possibility or a threat (`احتمال`, `في حال`). */
    hypotheticalCues: Set<string>
    anaphora: Set<string>
    stative: Set<string>
    evidenceNouns: Set<string>
    fatalityCues: Set<string>
    /** Verbs/nouns of accusation or claim (`اتهم`, `انتقد`, `زعم`): what they govern is the speaker's claim. */
    accusationCues: Set<string>
    /** `الهدف من`, `بهدف`: a trigger after them is a stated aim, not an occurrence. */
    goalNouns: Set<string>
    /** `الجانبين`, `الطرفين`: participants named by reference to earlier ones. */
    anaphoricParties: Set<string>
    /** Words before a capital or country that make it the scene (`في`, `العاصمة`) rather than a government. */
    locativeCues: Set<string>
    monthSuffixCurrent: string[][]
    monthSuffixPast: string[][]
    monthSuffixNext: string[][]
    weekdayPast: Set<string>
    weekdayNext: Set<string>
    dayParts: Set<string>
    yearWords: Set<string>
    /** Words that put what follows in the future (`سوف`, `من المقرر`), and words that only look like a future verb. */
    futureMarkers: Set<string>
    futureExceptions: Set<string>
    /** Bare definite heads that speak for the article's country when no such body was named (`وقالت الحكومة`). */
    stateBodies: Set<string>
    /** Words before a bare month name that make it a date (`في مارس`, `منذ يناير`). */
    monthContext: Set<string>
  }
  /** Seasons by normalised name: their months (winter runs over the new year). */
  seasons: Map<string, number[]>
  /** Nationality adjective after a military noun → armed forces id (`قصف سوري`). */
  militaryAdjectives: Map<string, string>
  /** Normalised month name (either calendar) → 1–12; used by the corpus dateline parser too. */
  monthNumbers: ReadonlyMap<string, number>
}

type Json = Record<string, unknown>

function fail(file: string, msg: string): never {
  throw new Error(`knowledge base ${file}: ${msg}`)
}
function str(file: string, o: Json, k: string): string {
  const v = o[k]
  if (typeof v !== 'string' || v === '') fail(file, `entry ${JSON.stringify(o.id ?? o)} needs a non-empty string "${k}"`)
  return v
}
function optStr(o: Json, k: string): string | null {
  const v = o[k]
  return typeof v === 'string' && v !== '' ? v : null
}
function optNum(o: Json, k: string): number | null {
  const v = o[k]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}
function strList(file: string, o: Json, k: string, required = false): string[] {
  const v = o[k]
  if (v === undefined && !required) return []
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) fail(file, `"${k}" must be a list of strings`)
  return v as string[]
}
function objList(file: string, o: Json, k: string): Json[] {
  const v = o[k]
  if (!Array.isArray(v) || !v.every((x) => x && typeof x === 'object')) fail(file, `"${k}" must be a list of objects`)
  return v as Json[]
}
const toks = (s: string): string[] => keyTokens(normaliseKey(s))
const ENTITY_TYPES = new Set(['person', 'organization', 'country', 'armed_group', 'place', 'media'])

function emptyKb(): KnowledgeBase {
  return {
    entities: new Map(),
    agreements: new Map(),
    entityTrie: newTrie(),
    agreementTrie: newTrie(),
    speechTrie: newTrie(),
    attributionTrie: newTrie(),
    titleTrie: newTrie(),
    offices: [],
    officesOf: new Map(),
    officeTrie: newTrie(),
    speakerSieves: [],
    formerWords: new Set(),
    subjectTrie: newTrie(),
    eventTrie: newTrie(),
    dateTrie: newTrie(),
    numberTrie: newTrie(),
    qualifierTrie: newTrie(),
    agreementHeadTrie: newTrie(),
    resumerTrie: newTrie(),
    words: {
      complementizers: new Set(), ownComplement: new Set(), adjuncts: new Set(), orgHeads: new Set(), roleLinkers: new Set(), companionMarkers: new Set(), nameParticles: new Set(), nameOpeners: new Set(), notNames: new Set(), appositionWords: new Set(), honorificPronouns: new Set(), clauseOpeners: new Set(), claimOpeners: new Set(), claimLinks: new Set(), placeHeads: new Set(), countrysideWords: [], countrysideOf: new Set(), memberHeads: new Set(), preverbalParticles: new Set(), relativePronouns: new Set(), sentenceOpeners: new Set(), givenNames: new Set(), ambiguousNames: new Set(),
      stopWords: new Set(), agreementSigning: new Set(), agreementParties: new Set(), plannedCues: new Set(), ongoingCues: new Set(), negationCues: new Set(),
      modalCues: new Set(), hypotheticalCues: new Set(), anaphora: new Set(), stative: new Set(), evidenceNouns: new Set(), fatalityCues: new Set(),
      accusationCues: new Set(), goalNouns: new Set(), anaphoricParties: new Set(), locativeCues: new Set(), monthSuffixCurrent: [], monthSuffixPast: [],
      monthSuffixNext: [], weekdayPast: new Set(), weekdayNext: new Set(), dayParts: new Set(), yearWords: new Set(), futureMarkers: new Set(), futureExceptions: new Set(), monthContext: new Set(), stateBodies: new Set()
    },
    monthNumbers: new Map(),
    seasons: new Map(),
    militaryAdjectives: new Map()
  }
}

/** Nationality adjectives: mentions of a country, but never a speaker on their own (المسؤول الإيراني is not Iran). */
export const DEMONYM_RULE = 'kb.demonym'
/**
 * Names that are also common words or another entity's name (`الخبر` "the news", `عمان` Amman/Oman, `الهلال`):
 * a mention only after a head noun (`مدينة الخبر`, `نادي الهلال`) or where the article names the entity plainly too.
 */
export const CONTEXT_ALIAS_RULE = 'kb.context-alias'

function loadEntities(kb: KnowledgeBase, file: string, doc: Json): void {
  for (const e of objList(file, doc, 'entries')) {
    const id = str(file, e, 'id')
    const type = str(file, e, 'type')
    if (!ENTITY_TYPES.has(type)) fail(file, `entity ${id} has unknown type ${type}`)
    if (kb.entities.has(id)) fail(file, `duplicate entity id ${id}`)
    const ent: KbEntity = {
      id, type: type as AnnotationEntityType, name: str(file, e, 'name'), nameEn: optStr(e, 'nameEn'), aliases: strList(file, e, 'aliases'),
      role: optStr(e, 'role'), affiliation: optStr(e, 'affiliation'), lat: optNum(e, 'lat'), lon: optNum(e, 'lon'), partOf: optStr(e, 'partOf'),
      placeType: optStr(e, 'placeType'), capitalOf: optStr(e, 'capitalOf'), gender: e.gender === 'f' || e.gender === 'm' ? e.gender : null
    }
    kb.entities.set(id, ent)
    for (const a of strList(file, e, 'militaryAdjectives')) kb.militaryAdjectives.set(normaliseKey(a), id)
    for (const name of [ent.name, ...ent.aliases, ...(ent.nameEn ? [ent.nameEn] : [])]) trieInsert(kb.entityTrie, toks(name), { entityId: id, ruleId: 'kb.alias' })
    for (const d of strList(file, e, 'demonyms')) trieInsert(kb.entityTrie, toks(d), { entityId: id, ruleId: DEMONYM_RULE })
    for (const a of strList(file, e, 'contextAliases')) trieInsert(kb.entityTrie, toks(a), { entityId: id, ruleId: CONTEXT_ALIAS_RULE })
    for (const o of e.offices === undefined ? [] : objList(file, e, 'offices')) {
      const from = optStr(o, 'from')
      const to = optStr(o, 'to')
      for (const d of [from, to]) if (d !== null && !/^\d{4}-\d{2}-\d{2}$/.test(d)) fail(file, `${id}: office dates must be YYYY-MM-DD`)
      for (const title of strList(file, o, 'titles', true)) {
        const office = { tokens: toks(title), personId: id, from, to }
        kb.offices.push(office)
        kb.officesOf.set(id, [...(kb.officesOf.get(id) ?? []), office])
        trieInsert(kb.officeTrie, office.tokens, office)
      }
    }
  }
}

/** `ريف إدلب`, `أرياف حلب`: the countryside of a city, town, region or governorate names that place too. */
function addCountryside(kb: KnowledgeBase): void {
  for (const ent of kb.entities.values()) {
    if (ent.type !== 'place' || !kb.words.countrysideOf.has(ent.placeType ?? '')) continue
    for (const name of [ent.name, ...ent.aliases]) {
      if (/[a-z]/i.test(name)) continue
      for (const prefix of kb.words.countrysideWords) trieInsert(kb.entityTrie, [...toks(prefix), ...toks(name)], { entityId: ent.id, ruleId: 'kb.place.countryside' })
    }
  }
}

function loadAgreements(kb: KnowledgeBase, file: string, doc: Json): void {
  for (const a of objList(file, doc, 'entries')) {
    const id = str(file, a, 'id')
    const signedOn = optStr(a, 'signedOn')
    if (signedOn !== null && !/^\d{4}-\d{2}-\d{2}$/.test(signedOn)) fail(file, `agreement ${id}: signedOn must be YYYY-MM-DD`)
    const ag: KbAgreement = {
      id, name: str(file, a, 'name'), nameEn: optStr(a, 'nameEn'), signedOn, placeId: optStr(a, 'placeId'), partyIds: strList(file, a, 'partyIds'),
      provisions: strList(file, a, 'provisions'), aliases: strList(file, a, 'aliases'), descriptors: strList(file, a, 'descriptors')
    }
    kb.agreements.set(id, ag)
    for (const name of [ag.name, ...ag.aliases, ...(ag.nameEn ? [ag.nameEn] : [])]) trieInsert(kb.agreementTrie, toks(name), { agreementId: id, descriptor: false })
    for (const d of ag.descriptors) trieInsert(kb.agreementTrie, toks(d), { agreementId: id, descriptor: true })
  }
}

/**
 * Which forms of one entry are feminine, read off the entry itself: a form that is a masculine form plus ت
 * (`قالت`/`قال`), the imperfect with ت for ي (`تقول`/`يقول`), or a participle or noun in ة beside one without
 * (`مضيفة`/`مضيفا`, `وزيرة`/`وزير`). No list of feminine forms to keep in step.
 */
function feminineForms(forms: string[]): Set<string> {
  const all = new Set(forms.map((f) => normaliseKey(f)))
  const out = new Set<string>()
  for (const f of all) {
    if (f.length > 2 && f.endsWith('ت') && all.has(f.slice(0, -1))) out.add(f)
    else if (f.length > 2 && f.startsWith('ت') && all.has('ي' + f.slice(1))) out.add(f)
    else if (f.length > 2 && f.endsWith('ه') && (all.has(f.slice(0, -1)) || all.has(f.slice(0, -1) + 'ا'))) out.add(f)
    else if (/^(ال)?\S+ه( |$)/.test(f) && all.has(f.replace(/^((?:ال)?\S+)ه( |$)/, '$1$2'))) out.add(f)
  }
  return out
}

function loadSpeech(kb: KnowledgeBase, file: string, doc: Json): void {
  for (const v of objList(file, doc, 'entries')) {
    const id = str(file, v, 'id')
    const report = v.kind === 'report'
    const forms = strList(file, v, 'forms', true)
    const initial = strList(file, v, 'clauseInitialForms')
    const participles = strList(file, v, 'participles')
    const fem = feminineForms([...forms, ...initial, ...participles])
    const cue = (f: string, kind: SpeechCue['kind'], clauseInitial: boolean): SpeechCue => ({
      id: kind === 'participle' ? `${id}.participle` : id, kind, report, clauseInitial, feminine: fem.has(normaliseKey(f))
    })
    for (const f of forms) trieInsert(kb.speechTrie, toks(f), cue(f, 'verb', false))
    for (const f of initial) trieInsert(kb.speechTrie, toks(f), cue(f, 'verb', true))
    for (const f of participles) trieInsert(kb.speechTrie, toks(f), cue(f, 'participle', false))
  }
  const att = doc.attribution as Json | undefined
  if (att) {
    for (const f of strList(file, att, 'forms')) trieInsert(kb.attributionTrie, toks(f), 'speech.attribution')
    kb.words.claimOpeners = normSet(strList(file, att, 'claimOpeners'))
    kb.words.claimLinks = normSet(strList(file, att, 'claimLinks'))
  }
  const imp = doc.impersonal as Json | undefined
  if (imp) for (const f of strList(file, imp, 'forms')) trieInsert(kb.speechTrie, toks(f), { id: 'speech.impersonal', kind: 'impersonal', report: false, clauseInitial: false, feminine: false })
}

function loadTitles(kb: KnowledgeBase, file: string, doc: Json): void {
  const commonNouns = normSet(strList(file, doc, 'commonNounForms'))
  for (const t of objList(file, doc, 'entries')) {
    const id = str(file, t, 'id')
    const forms = strList(file, t, 'forms', true)
    const fem = feminineForms(forms)
    for (const f of forms) {
      trieInsert(kb.titleTrie, toks(f), { id, takesOrg: t.takesOrg === true, needsGivenName: commonNouns.has(normaliseKey(f)), feminine: fem.has(normaliseKey(f)), addressesName: t.addressesName === true })
    }
  }
  for (const w of strList(file, doc, 'former')) kb.formerWords.add(normaliseKey(w))
}

const SUBJECT_CLASSES = new Set(['organization', 'media', 'anonymous', 'document', 'common'])

function loadSubjects(kb: KnowledgeBase, file: string, doc: Json): void {
  kb.words.stateBodies = normSet(strList(file, doc, 'stateBodies'))
  for (const t of objList(file, doc, 'entries')) {
    const id = str(file, t, 'id')
    const cls = str(file, t, 'class')
    if (!SUBJECT_CLASSES.has(cls)) fail(file, `subject head ${id} has unknown class ${cls}`)
    for (const f of strList(file, t, 'forms', true)) {
      const key = toks(f)
      trieInsert(kb.subjectTrie, key, { id, cls: cls as SubjectClass })
      const first = key[0] ?? ''
      if (cls !== 'anonymous' && cls !== 'common' && !startsWithArticle(first)) trieInsert(kb.subjectTrie, [AFFIX_TABLE.article + first, ...key.slice(1)], { id, cls: cls as SubjectClass })
    }
  }
}

const normSet = (xs: string[]): Set<string> => new Set(xs.map((x) => normaliseKey(x)))

function loadEvents(kb: KnowledgeBase, file: string, doc: Json): void {
  for (const t of objList(file, doc, 'entries')) {
    const id = str(file, t, 'id')
    const type = str(file, t, 'type')
    for (const f of strList(file, t, 'forms', true)) trieInsert(kb.eventTrie, toks(f), {
        id, type, pos: optStr(t, 'pos') ?? 'noun', needsArg: t.needsArg === true, needsActor: t.needsActor === true, needsPlaceOrDate: t.needsPlaceOrDate === true, needsPlace: t.needsPlace === true,
        corefers: t.corefers === true, notBefore: normSet(strList(file, t, 'notBefore')),
        needsNear: normSet(strList(file, t, 'needsNear')), notNear: normSet(strList(file, t, 'notNear')), notAfter: normSet(strList(file, t, 'notAfter'))
      })
  }
  const cues = (doc.statusCues ?? {}) as Json
  kb.words.plannedCues = normSet(strList(file, cues, 'planned'))
  kb.words.ongoingCues = normSet(strList(file, cues, 'ongoing'))
  kb.words.negationCues = normSet(strList(file, cues, 'negated'))
  kb.words.modalCues = normSet(strList(file, cues, 'modal'))
  kb.words.hypotheticalCues = normSet(strList(file, cues, 'hypothetical').map((x) => x.replace(/\s+/g, ' ')))
  kb.words.anaphora = normSet(strList(file, doc, 'anaphora'))
  kb.words.stative = normSet(strList(file, doc, 'stative'))
  kb.words.evidenceNouns = normSet(strList(file, doc, 'evidenceNouns'))
  kb.words.fatalityCues = normSet(strList(file, doc, 'fatalityCues'))
  kb.words.accusationCues = normSet(strList(file, doc, 'accusationCues'))
  kb.words.goalNouns = normSet(strList(file, doc, 'goalNouns'))
  kb.words.anaphoricParties = normSet(strList(file, doc, 'anaphoricParties'))
  kb.words.locativeCues = normSet(strList(file, doc, 'locativeCues'))
}

function loadDates(kb: KnowledgeBase, file: string, doc: Json): void {
  const months = new Map<string, number>()
  for (const m of objList(file, doc, 'months')) {
    const value = optNum(m, 'number')
    if (value === null || value < 1 || value > 12) fail(file, `month ${String(m.id)} needs number 1–12`)
    for (const f of strList(file, m, 'forms', true)) {
      trieInsert(kb.dateTrie, toks(f), { id: str(file, m, 'id'), kind: 'month', value })
      months.set(normaliseKey(f), value)
      months.set(f, value)
    }
  }
  kb.monthNumbers = months
  for (const w of objList(file, doc, 'weekdays')) {
    const value = optNum(w, 'index')
    if (value === null) fail(file, `weekday ${String(w.id)} needs index`)
    for (const f of strList(file, w, 'forms', true)) trieInsert(kb.dateTrie, toks(f), { id: str(file, w, 'id'), kind: 'weekday', value })
  }
  for (const r of objList(file, doc, 'relative')) {
    const unit = str(file, r, 'unit')
    if (!['day', 'week', 'month', 'year'].includes(unit)) fail(file, `relative ${String(r.id)} has bad unit`)
    for (const f of strList(file, r, 'forms', true)) {
      trieInsert(kb.dateTrie, toks(f), { id: str(file, r, 'id'), kind: 'relative', value: optNum(r, 'offset') ?? 0, unit: unit as DateKey['unit'] })
    }
  }
  const ms = (doc.monthSuffixes ?? {}) as Json
  kb.words.monthSuffixCurrent = strList(file, ms, 'current').map(toks)
  kb.words.monthSuffixPast = strList(file, ms, 'past').map(toks)
  kb.words.monthSuffixNext = strList(file, ms, 'next').map(toks)
  const ws = (doc.weekdaySuffixes ?? {}) as Json
  kb.words.weekdayPast = normSet(strList(file, ws, 'past'))
  kb.words.weekdayNext = normSet(strList(file, ws, 'next'))
  kb.words.dayParts = normSet(strList(file, doc, 'dayParts').flatMap((x) => toks(x)))
  kb.words.yearWords = normSet(strList(file, doc, 'yearWords'))
  kb.words.futureMarkers = normSet(strList(file, doc, 'futureMarkers'))
  kb.words.futureExceptions = normSet(strList(file, doc, 'futurePrefixExceptions'))
  kb.words.monthContext = normSet(strList(file, doc, 'monthContext'))
  for (const season of doc.seasons === undefined ? [] : objList(file, doc, 'seasons')) {
    const months = season.months
    if (!Array.isArray(months) || !months.every((m) => typeof m === 'number' && m >= 1 && m <= 12)) fail(file, `season ${String(season.id)} needs months 1–12`)
    for (const f of strList(file, season, 'forms', true)) kb.seasons.set(normaliseKey(f), months as number[])
  }
}

function loadNumbers(kb: KnowledgeBase, file: string, doc: Json): void {
  for (const n of objList(file, doc, 'entries')) {
    const value = optNum(n, 'value')
    if (value === null) fail(file, `number ${String(n.id)} needs value`)
    for (const f of strList(file, n, 'forms', true)) trieInsert(kb.numberTrie, toks(f), { id: str(file, n, 'id'), value })
  }
  for (const q of objList(file, doc, 'qualifiers')) {
    const qualifier = str(file, q, 'qualifier')
    if (!['at_least', 'about', 'at_most'].includes(qualifier)) fail(file, `qualifier ${String(q.id)} is unknown`)
    for (const f of strList(file, q, 'forms', true)) trieInsert(kb.qualifierTrie, toks(f), { id: str(file, q, 'id'), qualifier: qualifier as QualifierKey['qualifier'] })
  }
}

function loadFunctionWords(kb: KnowledgeBase, file: string, doc: Json): void {
  const w = kb.words
  w.complementizers = normSet(strList(file, doc, 'complementizers', true))
  w.ownComplement = normSet(strList(file, doc, 'ownComplement'))
  w.adjuncts = normSet(strList(file, doc, 'adjuncts'))
  w.orgHeads = normSet(strList(file, doc, 'orgHeads'))
  w.roleLinkers = normSet(strList(file, doc, 'roleLinkers'))
  w.companionMarkers = normSet(strList(file, doc, 'companionMarkers'))
  w.nameParticles = normSet(strList(file, doc, 'nameParticles'))
  w.notNames = normSet(strList(file, doc, 'notNames'))
  w.appositionWords = normSet(strList(file, doc, 'appositionWords'))
  w.honorificPronouns = normSet(strList(file, doc, 'honorificPronouns'))
  w.clauseOpeners = normSet(strList(file, doc, 'clauseOpeners'))
  w.placeHeads = normSet(strList(file, doc, 'placeHeads'))
  w.countrysideWords = strList(file, doc, 'countrysideWords', true)
  w.countrysideOf = new Set(strList(file, doc, 'countrysideOf', true))
  w.memberHeads = normSet(strList(file, doc, 'memberHeads'))
  w.preverbalParticles = normSet(strList(file, doc, 'preverbalParticles'))
  w.relativePronouns = normSet(strList(file, doc, 'relativePronouns'))
  w.sentenceOpeners = normSet(strList(file, doc, 'sentenceOpeners'))
  w.stopWords = normSet(strList(file, doc, 'stopWords'))
  w.agreementSigning = normSet(strList(file, doc, 'agreementSigning'))
  w.agreementParties = normSet(strList(file, doc, 'agreementParties'))
  for (const h of strList(file, doc, 'agreementHeads', true)) trieInsert(kb.agreementHeadTrie, toks(h), h)
  for (const r of strList(file, doc, 'narratorResumers')) trieInsert(kb.resumerTrie, toks(r), r)
}

/** `ambiguous` lists names that are also common words (أمل, نصر, جمال): never evidence that a name starts there. */
function loadGivenNames(kb: KnowledgeBase, file: string, doc: Json): void {
  kb.words.ambiguousNames = normSet(strList(file, doc, 'ambiguous'))
  kb.words.nameOpeners = normSet(strList(file, doc, 'openers'))
  kb.words.givenNames = normSet([...strList(file, doc, 'arabic', true), ...strList(file, doc, 'foreign', true)])
  for (const w of kb.words.ambiguousNames) kb.words.givenNames.delete(w)
}

function loadSpeakerSieves(kb: KnowledgeBase, file: string, doc: Json): void {
  const seen = new Set<string>()
  for (const e of objList(file, doc, 'entries')) {
    const id = str(file, e, 'id')
    const order = optNum(e, 'order')
    const confidence = optNum(e, 'confidence')
    if (seen.has(id)) fail(file, `duplicate sieve ${id}`)
    if (order === null) fail(file, `sieve ${id} needs an order`)
    if (confidence === null || confidence < 0 || confidence > 1) fail(file, `sieve ${id} needs a confidence 0–1`)
    seen.add(id)
    kb.speakerSieves.push({ id, order, confidence, participles: e.participles === true })
  }
  kb.speakerSieves.sort((a, b) => a.order - b.order)
}

const LOADERS: Record<string, (kb: KnowledgeBase, file: string, doc: Json) => void> = {
  entities: loadEntities,
  agreements: loadAgreements,
  'lexicon:speech': loadSpeech,
  'lexicon:speaker-sieves': loadSpeakerSieves,
  'lexicon:titles': loadTitles,
  'lexicon:subjects': loadSubjects,
  'lexicon:events': loadEvents,
  'lexicon:dates': loadDates,
  'lexicon:numbers': loadNumbers,
  'lexicon:function-words': loadFunctionWords,
  'lexicon:given-names': loadGivenNames,
  // the clitic tables are compiled into the build (src/text/affixes.ts: the search form of a stored index must not
  // vary with KB_DIR); a directory that has the file must have the same tables
  'lexicon:affixes': (_kb, file, doc) => {
    if (JSON.stringify(parseAffixTable(doc, file)) !== JSON.stringify(AFFIX_TABLE)) fail(file, 'differs from the affix tables this build was compiled with (rebuild to change them)')
  }
}
/** Kinds a knowledge-base directory may leave out. */
const OPTIONAL_KINDS = new Set(['lexicon:affixes'])

function checkReferences(kb: KnowledgeBase): void {
  for (const e of kb.entities.values()) {
    for (const ref of [e.affiliation, e.partOf, e.capitalOf]) {
      if (ref !== null && !kb.entities.has(ref)) throw new Error(`knowledge base: entity ${e.id} refers to unknown entity ${ref}`)
    }
  }
  for (const a of kb.agreements.values()) {
    for (const ref of [a.placeId, ...a.partyIds]) {
      if (ref !== null && !kb.entities.has(ref)) throw new Error(`knowledge base: agreement ${a.id} refers to unknown entity ${ref}`)
    }
  }
}

export function loadKnowledgeBase(dir: string): KnowledgeBase {
  const kb = emptyKb()
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  const seen = new Set<string>()
  for (const f of files) {
    let doc: Json
    try {
      doc = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Json
    } catch (err) {
      throw new Error(`knowledge base ${f}: not valid JSON (${(err as Error).message})`)
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail(f, 'must be a JSON object')
    const kind = doc.kind === 'lexicon' ? `lexicon:${String(doc.name)}` : String(doc.kind)
    const loader = LOADERS[kind]
    if (!loader) fail(f, `unknown kind ${kind}`)
    loader(kb, f, doc)
    seen.add(kind)
  }
  for (const kind of Object.keys(LOADERS)) if (!seen.has(kind) && !OPTIONAL_KINDS.has(kind)) throw new Error(`knowledge base ${dir}: no file of kind ${kind}`)
  addCountryside(kb)
  checkReferences(kb)
  return kb
}
