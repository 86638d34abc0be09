/**
 * Reads each kind of knowledge-base file into the knowledge base: checks its shape (a clear error naming the file)
 * and builds the lookup tries. Vocabulary lives in the JSON; this module only knows the file kinds.
 */
import { AFFIX_TABLE, parseAffixTable, startsWithArticle } from '../text/affixes.js'
import type { AnnotationEntityType } from '../../schemas/annotations.js'
import { CONTEXT_ALIAS_RULE, DEMONYM_RULE, type DateKey, type KbAgreement, type KbEntity, type KnowledgeBase, type QualifierKey, type SpeechCue, type SubjectClass } from './kb-types.js'
import { normaliseKey } from './normalise.js'
import { keyTokens, trieInsert } from './trie.js'

export type Json = Record<string, unknown>

export function fail(file: string, msg: string): never {
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
export function addCountryside(kb: KnowledgeBase): void {
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
    if (v.documentContent === true) kb.documentContentCues.add(id)
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
  kb.words.relaySources = normSet(strList(file, doc, 'relaySources'))
  kb.words.verbalNounBefore = normSet(strList(file, doc, 'verbalNounBefore'))
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
  for (const w of strList(file, doc, 'titleQualifiers')) kb.titleQualifiers.add(normaliseKey(w))
  for (const w of strList(file, doc, 'unnamedForms')) kb.unnamedTitles.add(normaliseKey(w))
}

const SUBJECT_CLASSES = new Set(['organization', 'media', 'anonymous', 'document', 'common'])

function loadSubjects(kb: KnowledgeBase, file: string, doc: Json): void {
  kb.words.stateBodies = normSet(strList(file, doc, 'stateBodies'))
  kb.words.issuerLinks = normSet(strList(file, doc, 'issuerLinks'))
  for (const t of objList(file, doc, 'entries')) {
    const id = str(file, t, 'id')
    const cls = str(file, t, 'class')
    if (!SUBJECT_CLASSES.has(cls)) fail(file, `subject head ${id} has unknown class ${cls}`)
    const generic = t.generic === true
    for (const f of strList(file, t, 'forms', true)) {
      const key = toks(f)
      trieInsert(kb.subjectTrie, key, { id, cls: cls as SubjectClass, ...(generic ? { generic } : {}) })
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
  const sport = (doc.sportRegister ?? {}) as Json
  kb.words.sportWords = normSet(strList(file, sport, 'words'))
  kb.words.sportSenses = normSet(strList(file, sport, 'senses'))
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
  kb.words.rangeLinks = normSet(strList(file, doc, 'rangeLinks'))
  kb.words.dayMonthLinks = normSet(strList(file, doc, 'dayMonthLinks'))
  kb.words.dayWords = normSet(strList(file, doc, 'dayWords'))
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
  w.notReporting = normSet(strList(file, doc, 'notReporting'))
  w.surnameSecondWords = normSet(strList(file, doc, 'surnameSecondWords'))
  w.surnameFirstWords = normSet(strList(file, doc, 'surnameFirstWords'))
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
  kb.words.spelledNames = new Set(strList(file, doc, 'spelledNames'))
  kb.words.nameOpeners = normSet(strList(file, doc, 'openers'))
  kb.words.joinedNamePrefixes = [...normSet(strList(file, doc, 'joinedPrefixes'))]
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

export const LOADERS: Record<string, (kb: KnowledgeBase, file: string, doc: Json) => void> = {
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
export const OPTIONAL_KINDS = new Set(['lexicon:affixes'])

export function checkReferences(kb: KnowledgeBase): void {
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
