/**
 * Speaker attribution in sieves (CoreNLP style). The sieves, their order and confidence are data
 * (`seeds/kb/speaker-sieves.json`); this module holds what each one does. For every cue the sieves run in order and
 * the first that decides wins; its id is recorded with the statement (`speakerRuleId`). A sieve decides a speaker,
 * or decides that there is none (an anonymous source): then no later sieve, and no `وأضاف` after it, falls back on
 * an earlier speaker. The entity stage's output is read, never written: people and bodies in subject position were
 * discovered there.
 */
import { isComplementizer, tokenIs, type DocContext } from './context.js'
import type { EntityStage, RoleRecord, TokMention } from './entities.js'
import type { Cue } from './quotes.js'
import { trieMatchAt } from './trie.js'
import { DEMONYM_RULE, type SpeakerSieve } from './kb.js'
import { givenNameAt } from './names.js'
import { headAt, readIssuer, readSubject, speechSlot, type SubjectPhrase } from './subjects.js'

export interface Attribution {
  speakerId: string | null
  ruleId: string | null
  /** The deciding sieve's confidence (1 when no sieve decided). */
  confidence: number
}

const SPEAKER_TYPES = new Set(['organization', 'country', 'media', 'armed_group'])
const LAST_SPEAKER_WINDOW = 6
/** How far into its sentence (in tokens) a body may stand and still be read as the subject of a later cue. */
const SUBJECT_REACH = 3
/** How many sentences back `وأكد البيان` looks for the sentence that introduced the statement. */
const DOC_WINDOW = 3

/** An entity usable as a speaker: capitals stand for their country (`قالت موسكو`). */
function speakerEntity(ctx: DocContext, m: TokMention): string | null {
  const e = ctx.kb.entities.get(m.entityId)
  // discovered people and bodies (`person:…`, `org:…`) speak for themselves
  if (!e) return m.entityId.includes(':') ? m.entityId : null
  if (e.type === 'person' || SPEAKER_TYPES.has(e.type)) return e.id
  if (e.type === 'place' && e.capitalOf) return e.capitalOf
  return null
}

function isPerson(ctx: DocContext, id: string): boolean {
  return id.startsWith('person:') || ctx.kb.entities.get(id)?.type === 'person'
}

function mentionsIn(ent: EntityStage, a: number, b: number): TokMention[] {
  return ent.mentions.filter((m) => m.start >= a && m.start < b && m.ruleId !== DEMONYM_RULE)
}

/** The person named in the subject region: the last one before an adjunct, not one the speaker is with. */
function explicitPerson(ctx: DocContext, ent: EntityStage, cue: Cue): TokMention | null {
  let found: TokMention | null = null
  // `خلال مؤتمر صحفي مع وزير الخارجية الروسي سيرغي لافروف`: who is with the speaker is not the speaker (until a comma)
  let companion = false
  for (let j = cue.subjectStart; j < cue.subjectEnd; j++) {
    const t = ctx.tokens[j]
    if (t && j > cue.subjectStart && /[،,]/.test(t.gap)) companion = false
    const m = ent.mentionAt.get(j)
    if (m && isPerson(ctx, m.entityId)) {
      if (!companion) found = m
      j = m.end - 1
      continue
    }
    if (found && t && ctx.kb.words.adjuncts.has(t.text)) break
    if (t && ctx.kb.words.companionMarkers.has(t.text)) companion = true
  }
  return found
}

/** `مصدر مقرب من الرئيس بوتين`: the person follows a preposition inside an anonymous phrase, and is not the speaker. */
function personInsideAnonymous(ctx: DocContext, cue: Cue, person: TokMention): boolean {
  const h = trieMatchAt(ctx.kb.subjectTrie, ctx.tokens, cue.subjectStart)
  if (h?.values[0]?.cls !== 'anonymous') return false
  for (let k = h.end; k < person.start; k++) if (ctx.tokens[k]?.hardGap) return false
  // the person's own title (`من الرئيس بوتين`, `من وزير الخارجية لافروف`) is stepped over back to the preposition
  let k = person.start - 1
  while (k >= h.end && (ctx.tokens[k]?.text.startsWith('ال') || trieMatchAt(ctx.kb.titleTrie, ctx.tokens, k, false))) k--
  return k >= h.end && ctx.kb.words.adjuncts.has(ctx.tokens[k]?.text ?? '')
}

/** An organisation, country, outlet or capital (as its country) right after the cue. */
function explicitOrg(ctx: DocContext, ent: EntityStage, cue: Cue): string | null {
  for (const m of mentionsIn(ent, cue.subjectStart, Math.min(cue.subjectEnd, cue.subjectStart + 3))) {
    // `وأضاف في أنقرة`: a capital after a preposition is where it was said, not who said it
    if (ctx.kb.entities.get(m.entityId)?.type === 'place' && m.start > cue.subjectStart && ctx.kb.words.adjuncts.has(ctx.tokens[m.start - 1]?.text ?? '')) continue
    const id = speakerEntity(ctx, m)
    if (id && !isPerson(ctx, id)) return id
  }
  return null
}

function entityType(ctx: DocContext, ent: EntityStage, id: string): string | undefined {
  return ctx.kb.entities.get(id)?.type ?? ent.discovered.get(id)?.type
}

/** A body seen so far (KB or discovered), by its head noun, for `وقالت الوزارة`. */
interface BodySeen {
  pos: number
  head: string
  id: string
}

/** What the sieves share about one cue, computed once. */
interface CueView {
  cue: Cue
  index: number
  person: TokMention | null
  subject: SubjectPhrase | null
  org: string | null
}

/** A sieve's decision: a speaker, or null for "nobody" (which also ends the carry-over to later cues). */
interface Decision {
  speakerId: string | null
}

/** The attribution state of one document: sieves read it, the loop in attributeSpeakers advances it. */
class Attributor {
  readonly byCue: Attribution[] = []
  readonly roles: RoleRecord[]
  readonly bodies: BodySeen[] = []
  last: { id: string; sentence: number } | null = null

  constructor(
    readonly ctx: DocContext,
    readonly ent: EntityStage,
    readonly cues: Cue[]
  ) {
    this.roles = [...ent.roles]
    for (const m of ent.mentions) {
      const t = entityType(ctx, ent, m.entityId)
      if (t !== 'organization' && t !== 'media' && t !== 'armed_group') continue
      const head = headAt(ctx, m.start)
      if (head) this.bodies.push({ pos: m.start, head, id: m.entityId })
    }
  }

  view(cue: Cue, index: number): CueView {
    const { ctx, ent } = this
    const participle = cue.kind === 'participle'
    let person = participle ? null : explicitPerson(ctx, ent, cue)
    if (person && personInsideAnonymous(ctx, cue, person)) person = null
    // only a statement's own subject; `نقل` (reported from someone else) names the channel, not the speaker
    const report = trieMatchAt(ctx.kb.speechTrie, ctx.tokens, cue.start)?.values[0]?.report
    const subject =
      participle || cue.quote === null || report ? null : readSubject(ctx, ent, speechSlot(ctx, cue.subjectStart, cue.sentence, ent.mentionAt, cue.subjectEnd))
    return { cue, index, person, subject, org: participle ? null : explicitOrg(ctx, ent, cue) }
  }

  lastBody(head: string, before: number): string | null {
    let best: BodySeen | null = null
    for (const b of this.bodies) if (b.head === head && b.pos < before && (!best || b.pos > best.pos)) best = b
    return best?.id ?? null
  }

  /** `وأكد البيان`: the speaker (or first named body/person) of the sentence that introduced the document. */
  documentIssuer(cue: Cue, head: string): string | null {
    const { ctx, ent, cues, byCue } = this
    const from = ctx.seg.sentences[Math.max(0, cue.sentence - DOC_WINDOW)]?.firstToken ?? 0
    for (let p = cue.start - 1; p >= from; p--) {
      const h = trieMatchAt(ctx.kb.subjectTrie, ctx.tokens, p)
      if (h?.values[0]?.id !== head) continue
      const sentence = ctx.tokens[p]?.sentence ?? -1
      // `أفاد بيان لقيادة الجيش … وذكر البيان`: the issuer named with the first mention
      const end = ctx.seg.sentences[sentence]?.endToken ?? p
      const named = readIssuer(ctx, ent, h.end, end)
      if (typeof named === 'string') return named
      for (let c = byCue.length - 1; c >= 0; c--) {
        const prev = cues[c]
        if (prev && prev.sentence === sentence && prev.start < p && byCue[c]?.speakerId) return byCue[c]?.speakerId ?? null
      }
      const first = ctx.seg.sentences[sentence]?.firstToken ?? p
      for (const m of mentionsIn(ent, first, p)) {
        const id = speakerEntity(ctx, m)
        if (id) return id
      }
      return null
    }
    return null
  }

  /** The bare title phrase after the cue, when the subject starts with a title and no person is named. */
  titleOnly(v: CueView): string[] | null {
    const { ctx } = this
    if (v.person || !this.bareTitle(v.cue.subjectStart, v.cue.subjectEnd)) return null
    return ctx.tokens.slice(v.cue.subjectStart, v.cue.subjectEnd).map((t) => t.text)
  }

  /**
   * Whether a title phrase stands alone: title words, bodies and places, definite modifiers, up to punctuation, an
   * adjunct or a date. A word it cannot explain is most likely a name we did not read (`الرئيس السابق وعضو شرف نادي
   * الرياض ماجد الحكير`): then it is no bare title, and neither its holder nor its country is the speaker.
   */
  bareTitle(from: number, to: number): boolean {
    const { ctx, ent } = this
    const { tokens, kb } = ctx
    const title = trieMatchAt(kb.titleTrie, tokens, from)
    if (!title) return false
    const scoped = (k: number): boolean => !!ent.mentionAt.get(k) || (tokens[k]?.text ?? '').replace(/^[وفبل]/, '').startsWith('ال')
    for (let k = title.end; k < to; ) {
      const t = tokens[k]
      if (!t || t.hardGap || trieMatchAt(kb.dateTrie, tokens, k) || isComplementizer(kb, t.text)) return true
      if (kb.words.adjuncts.has(t.text)) {
        // `المتحدث باسم الحكومة في غزة`: a preposition continues the role only before a place or body
        if (kb.words.roleLinkers.has(t.text) && scoped(k + 1)) {
          k++
          continue
        }
        return true
      }
      const m = ent.mentionAt.get(k)
      if (m) {
        if (isPerson(ctx, m.entityId)) return false
        k = m.end
        continue
      }
      const tm = trieMatchAt(kb.titleTrie, tokens, k)
      if (tm) {
        k = tm.end
        continue
      }
      if (scoped(k) || t.text.startsWith('لل') || tokenIs(kb.words.orgHeads, t.text) || trieMatchAt(kb.subjectTrie, tokens, k)) {
        k++
        continue
      }
      // a prepositional phrase (`بضرب قوات النظام`) ends the title phrase; a name we did not read does not
      return /^[وف]?[بل]/.test(t.text) && !givenNameAt(ctx, k)
    }
    return true
  }

  /**
   * The country or body a title phrase names (`السفير القطري` → Qatar, `المتحدث باسم الجيش` → the army): its first
   * mention, nationality adjectives included, before the phrase ends at punctuation or an adjunct.
   */
  titleAffiliation(from: number, to: number): string | null {
    const { ctx, ent } = this
    for (let k = from; k < to; k++) {
      const t = ctx.tokens[k]
      if (!t || (k > from && (t.hardGap || ctx.kb.words.adjuncts.has(t.text)))) break
      const m = ent.mentionAt.get(k)
      if (!m) continue
      const type = entityType(ctx, ent, m.entityId)
      if (type === 'person') break
      const e = ctx.kb.entities.get(m.entityId)
      if (e?.type === 'place') return e.capitalOf
      return m.entityId
    }
    return null
  }

  /**
   * A title that designates one holder: definite itself (`المدرب`, `السفير القطري`) or construct with a definite
   * genitive (`وزير الخارجية`, `مبعوث الأمم المتحدة`) — not `مسؤول أمريكي`, `وزير سابق` — and not a former one.
   */
  definiteTitle(from: number, to: number): boolean {
    const { tokens, kb } = this.ctx
    const first = (tokens[from]?.text ?? '').replace(/^[وف]/, '')
    const next = tokens[from + 1]
    const construct = !!next && !next.hardGap && (next.text.startsWith('ال') || next.text.startsWith('لل') || this.ent.mentionAt.has(from + 1))
    if (!first.startsWith('ال') && !construct) return false
    for (let k = from; k < to; k++) if (kb.formerWords.has(tokens[k]?.text ?? '')) return false
    return true
  }

  /** The person an entity refers to: its KB affiliation, for comparing with a title's. */
  affiliationOf(id: string): string | null {
    return this.ctx.kb.entities.get(id)?.affiliation ?? this.ent.discovered.get(id)?.affiliation ?? null
  }

  /** The most recent person before `before` (a speaker, or a mention), within a few sentences. */
  lastPerson(cue: Cue): string | null {
    const { ctx, ent } = this
    const from = ctx.seg.sentences[Math.max(0, cue.sentence - LAST_SPEAKER_WINDOW)]?.firstToken ?? 0
    let best: TokMention | null = null
    for (const m of ent.mentions) if (m.start >= from && m.start < cue.start && isPerson(ctx, m.entityId)) best = m
    return best?.entityId ?? null
  }
}

/** A named organisation inside an otherwise anonymous or unreadable phrase (`مسؤول في وزارة الخارجية`) speaks. */
function bodyInside(a: Attributor, v: CueView): boolean {
  const type = v.org ? entityType(a.ctx, a.ent, v.org) : undefined
  return !!type && type !== 'country' && type !== 'place'
}

const SIEVES: Record<string, (a: Attributor, v: CueView) => Decision | null> = {
  /** A person named in the subject region (KB, title pattern, or a name the entity stage found after the verb). */
  'speaker.explicit-person': (a, v) => {
    if (!v.person) return null
    const { ctx, roles } = a
    const title = trieMatchAt(ctx.kb.titleTrie, ctx.tokens, v.cue.subjectStart)
    if (v.person.start > v.cue.subjectStart && title) {
      roles.push({
        tokens: ctx.tokens.slice(v.cue.subjectStart, v.person.start).map((t) => t.text),
        personId: v.person.entityId,
        titleId: title.values[0]?.id ?? '',
        affiliation: a.titleAffiliation(v.cue.subjectStart, v.person.start),
        pos: v.cue.subjectStart
      })
    }
    return { speakerId: v.person.entityId }
  },

  /** A document as subject (`ذكر بيان للجيش`, `وأكد البيان`): its issuer when the text names one, else nobody. */
  'speaker.document-issuer': (a, v) => {
    const sp = v.subject
    if (sp?.kind !== 'document') return null
    let id: string | null = null
    if (typeof sp.issuer === 'string') id = sp.issuer
    else if (sp.issuer?.kind === 'anaphor') id = a.lastBody(sp.issuer.head.id, v.cue.start)
    else if (!sp.issuer && sp.definite) id = a.documentIssuer(v.cue, sp.head.id)
    if (!id && bodyInside(a, v)) return null
    return { speakerId: id }
  },

  /** Unnamed sources (`مصادر مطلعة`, `شهود عيان`, `موقع إخباري إيراني`): nobody, on purpose. */
  'speaker.anonymous': (a, v) => (v.subject?.kind === 'anonymous' && !bodyInside(a, v) ? { speakerId: null } : null),

  /**
   * A bare title phrase matching a role seen with a name earlier in the article: the same words (`مدير مركز
   * حميميم`), or the same title with no other country or body (`وأردف المدرب البرتغالي` after `مدرب مانشستر يونايتد
   * جوزيه مورينيو`; not `الرئيس الأمريكي` after `الرئيس التركي أردوغان`).
   */
  'speaker.role-mention': (a, v) => {
    const region = a.titleOnly(v)
    if (!region) return null
    let best: { len: number; id: string } | null = null
    for (const r of a.roles) {
      let n = 0
      while (n < r.tokens.length && n < region.length && r.tokens[n] === region[n]) n++
      if (n >= 2 && (!best || n >= best.len)) best = { len: n, id: r.personId }
    }
    if (best) return { speakerId: best.id }
    const { ctx } = a
    const title = trieMatchAt(ctx.kb.titleTrie, ctx.tokens, v.cue.subjectStart)
    const titleId = title?.values[0]?.id
    // only a definite title refers back (`المدرب`, `الوزير`); `مدرب` opens a new description
    if (!title || !titleId || !ctx.tokens[v.cue.subjectStart]?.text.replace(/^[وف]/, '').startsWith('ال')) return null
    if (!a.definiteTitle(v.cue.subjectStart, v.cue.subjectEnd)) return null
    const aff = a.titleAffiliation(v.cue.subjectStart, v.cue.subjectEnd)
    let found: RoleRecord | null = null
    for (const r of a.roles) {
      if (r.titleId !== titleId || r.pos >= v.cue.start) continue
      if (aff && r.affiliation !== aff && a.affiliationOf(r.personId) !== aff && a.affiliationOf(r.affiliation ?? '') !== aff) continue
      if (!found || r.pos > found.pos) found = r
    }
    return found ? { speakerId: found.personId } : null
  },

  /** An honorific pronoun as subject (`وقال معاليه`, `أكد سموه`): the person last named. */
  'speaker.honorific': (a, v) => {
    const t = a.ctx.tokens[v.cue.subjectStart]
    if (!t || t.hardGap || !a.ctx.kb.words.honorificPronouns.has(t.text.replace(/^[وف]/, ''))) return null
    const id = a.last && isPerson(a.ctx, a.last.id) ? a.last.id : a.lastPerson(v.cue)
    return { speakerId: id }
  },

  /**
   * A bare title that is a KB office (`قال وزير الخارجية الروسي`): whoever held it on the article's date
   * (`الرئيس الأمريكي` is Obama in 2015, Trump in 2018), not a past holder (`… السابق`).
   */
  'speaker.kb-office': (a, v) => {
    const { ctx } = a
    const day = ctx.pubDate
    const region = a.titleOnly(v)
    if (day === null || !region) return null
    let best: { len: number; ids: Set<string> } | null = null
    for (const o of ctx.kb.offices) {
      if ((o.from !== null && day < o.from) || (o.to !== null && day > o.to)) continue
      if (o.tokens.length < 2 || o.tokens.length > region.length || !o.tokens.every((w, k) => region[k] === w)) continue
      if (ctx.kb.formerWords.has(region[o.tokens.length] ?? '')) continue
      if (!best || o.tokens.length > best.len) best = { len: o.tokens.length, ids: new Set([o.personId]) }
      else if (o.tokens.length === best.len) best.ids.add(o.personId)
    }
    // two holders of one title on one day is a data error: name neither
    return best && best.ids.size === 1 ? { speakerId: [...best.ids][0] ?? null } : null
  },

  /**
   * A definite title naming whom its holder speaks for, with no name and no known holder (`وقال السفير القطري في
   * العراق`, `قال المتحدث باسم الجيش`): that country or body.
   */
  'speaker.title-affiliation': (a, v) => {
    const { ctx } = a
    if (!a.titleOnly(v) || !a.definiteTitle(v.cue.subjectStart, v.cue.subjectEnd)) return null
    const aff = a.titleAffiliation(v.cue.subjectStart, v.cue.subjectEnd)
    return aff && !isPerson(ctx, aff) ? { speakerId: aff } : null
  },

  /** An organisation, country, outlet or capital right after the cue (`قالت موسكو`, `أعلنت وزارة الدفاع الروسية`). */
  'speaker.explicit-org': (a, v) => {
    if (!v.org) return null
    // `وزارة الصحة السعودية` (a body the KB does not know): the country only qualifies the body the phrase names
    if (v.subject?.kind === 'body' && a.ctx.kb.entities.get(v.org)?.type === 'country') return null
    return { speakerId: v.org }
  },

  /** A bare definite head (`وقالت الوزارة`): the last body of that kind in the article, else nobody. */
  'speaker.subject-anaphor': (a, v) => {
    if (v.subject?.kind !== 'anaphor') return null
    return { speakerId: a.lastBody(v.subject.head.id, v.cue.start) }
  },

  /** Somebody is named whom the entity stage could not take for an entity: nobody, and not the previous speaker. */
  'speaker.unresolved': (a, v) => (v.subject && !bodyInside(a, v) ? { speakerId: null } : null),

  /** Implicit subject: the speaker of an earlier cue in the same sentence. */
  'speaker.same-sentence': (a, v) => {
    for (let c = v.index - 1; c >= 0; c--) {
      const prev = a.cues[c]
      if (prev?.sentence !== v.cue.sentence) continue
      const id = a.byCue[c]?.speakerId
      return id ? { speakerId: id } : null
    }
    return null
  },

  /** Implicit subject: a person, or a body at the head of the sentence, named before the cue. */
  'speaker.sentence-subject': (a, v) => {
    const { ctx, ent } = a
    const first = ctx.seg.sentences[v.cue.sentence]?.firstToken ?? v.cue.start
    const before = mentionsIn(ent, first, v.cue.start)
    const person = before.find((m) => isPerson(ctx, m.entityId))
    if (person) return { speakerId: person.entityId }
    // A body is the subject only where a subject stands: at the head of the sentence (`وكانت وزارة الخارجية أعلنت`,
    // `يذكر أن روسيا نفت`), not as the object of a preposition or a noun further on (`بزخم في ألمانيا`, `لمنتخب مصر`).
    for (const m of before) {
      if (m.start - first > SUBJECT_REACH) break
      const type = entityType(ctx, ent, m.entityId)
      const e = ctx.kb.entities.get(m.entityId)
      if (!(type === 'organization' || type === 'media' || type === 'country' || (e?.type === 'place' && e.capitalOf))) continue
      if (m.start > first && ctx.kb.words.adjuncts.has(ctx.tokens[m.start - 1]?.text ?? '')) continue
      // a dateline, `دبي، الإمارات العربية المتحدة (CNN)— قال …`: the place the story was filed from
      if (m.start === first + 1 && /[،,]/.test(ctx.tokens[m.start]?.gap ?? '') && /\(/.test(ctx.tokens[m.end]?.gap ?? '')) continue
      const id = speakerEntity(ctx, m)
      if (id) return { speakerId: id }
    }
    return null
  },

  /** Implicit subject (`وأضاف`, `وتابع`): the most recent speaker, within a few sentences. */
  'speaker.last-speaker': (a, v) => (a.last && v.cue.sentence - a.last.sentence <= LAST_SPEAKER_WINDOW ? { speakerId: a.last.id } : null)
}

/** Sieve ids the knowledge base may list: every one has a mechanism here. */
export const SPEAKER_SIEVES: readonly string[] = Object.keys(SIEVES)

function orderedSieves(list: readonly SpeakerSieve[]): Array<SpeakerSieve & { run: (a: Attributor, v: CueView) => Decision | null }> {
  return list.map((s) => {
    const run = SIEVES[s.id]
    if (!run) throw new Error(`knowledge base speaker-sieves: no mechanism for sieve ${s.id}`)
    return { ...s, run }
  })
}

export interface SpeakerStage {
  byCue: Attribution[]
  roles: RoleRecord[]
}

export function attributeSpeakers(ctx: DocContext, ent: EntityStage, cues: Cue[]): SpeakerStage {
  const a = new Attributor(ctx, ent, cues)
  const sieves = orderedSieves(ctx.kb.speakerSieves)
  cues.forEach((cue, index) => {
    const v = a.view(cue, index)
    let att: Attribution = { speakerId: null, ruleId: null, confidence: 1 }
    for (const s of sieves) {
      // a participle's subject is the main clause's: what follows it is its object (`متهماً روسيا`)
      if (cue.kind === 'participle' && !s.participles) continue
      const d = s.run(a, v)
      if (!d) continue
      att = { speakerId: d.speakerId, ruleId: s.id, confidence: s.confidence }
      break
    }
    a.byCue.push(att)
    // a subject we can read but must not name ends the carry-over, now and for `وأضاف` next
    if (att.speakerId) a.last = { id: att.speakerId, sentence: cue.sentence }
    else if (att.ruleId) a.last = null
  })
  return { byCue: a.byCue, roles: a.roles }
}
