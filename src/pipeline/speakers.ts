/**
 * Speaker attribution in sieves (CoreNLP style), each recording its id:
 *  1. speaker.explicit-person  — a person named in the subject region after the cue (last one before an adjunct,
 *                                so `المتحدث باسم الرئيس أردوغان، إبراهيم كالين` gives Kalin)
 *  2. speaker.role-mention     — a bare title phrase (`مدير مركز حميميم`) matching a role seen with a name earlier
 *     speaker.kb-office        — else a bare title that is a KB office (`قال وزير الخارجية الروسي`): whoever held
 *                                it on the article's date (`الرئيس الأمريكي` is Obama in 2015, Trump in 2018), not
 *                                a past holder (`… السابق`)
 *  3. speaker.explicit-org     — an organisation, country, outlet or capital (as its country) right after the cue
 *  4. speaker.same-sentence    — implicit subject: the speaker of an earlier cue in the same sentence
 *  5. speaker.sentence-subject — implicit subject: a person or body named earlier in the same sentence
 *  4. speaker.subject-phrase   — the subject phrase after the verb names someone the KB does not know: a bare
 *                                personal name or a specified body (subjects.ts); discovered with a stable id
 *     speaker.subject-anaphor  — a bare definite head (`وقالت الوزارة`) for the last body of that kind
 *     speaker.document-issuer  — a document as subject (`ذكر بيان للجيش`, `وأكد البيان`): its issuer
 *     speaker.anonymous        — unnamed sources (`مصادر مطلعة`, `شهود عيان`): no speaker, deliberately, and the
 *                                implicit subjects that follow do not fall back on an earlier speaker either
 *  5. speaker.same-sentence    — implicit subject: the speaker of an earlier cue in the same sentence
 *  6. speaker.sentence-subject — implicit subject: a person or body named earlier in the same sentence
 *  7. speaker.last-speaker     — implicit subject (`وأضاف`, `وتابع`): the most recent speaker
 */
import type { DocContext } from './context.js'
import type { EntityStage, RoleRecord, TokMention } from './entities.js'
import type { Cue } from './quotes.js'
import { trieMatchAt } from './trie.js'
import { DEMONYM_RULE } from './kb.js'
import { headAt, readIssuer, readSubject, subjectEntity, type SubjectPhrase } from './subjects.js'

export interface Attribution {
  speakerId: string | null
  ruleId: string | null
}

const SPEAKER_TYPES = new Set(['organization', 'country', 'media', 'armed_group'])
const LAST_SPEAKER_WINDOW = 6

/** An entity usable as a speaker: capitals stand for their country (`قالت موسكو`). */
function speakerEntity(ctx: DocContext, m: TokMention): string | null {
  const e = ctx.kb.entities.get(m.entityId)
  if (!e) return m.entityId.startsWith('person:') ? m.entityId : null
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

function roleMention(ctx: DocContext, roles: RoleRecord[], cue: Cue): string | null {
  if (!trieMatchAt(ctx.kb.titleTrie, ctx.tokens, cue.subjectStart)) return null
  const region = ctx.tokens.slice(cue.subjectStart, cue.subjectEnd).map((t) => t.text)
  let best: { len: number; id: string } | null = null
  for (const r of roles) {
    let n = 0
    while (n < r.tokens.length && n < region.length && r.tokens[n] === region[n]) n++
    if (n >= 2 && (!best || n >= best.len)) best = { len: n, id: r.personId }
  }
  return best?.id ?? null
}

function kbOffice(ctx: DocContext, cue: Cue): string | null {
  const day = ctx.pubDate
  if (day === null || !trieMatchAt(ctx.kb.titleTrie, ctx.tokens, cue.subjectStart)) return null
  const region = ctx.tokens.slice(cue.subjectStart, cue.subjectEnd).map((t) => t.text)
  let best: { len: number; ids: Set<string> } | null = null
  for (const o of ctx.kb.offices) {
    if ((o.from !== null && day < o.from) || (o.to !== null && day > o.to)) continue
    if (o.tokens.length < 2 || o.tokens.length > region.length || !o.tokens.every((w, k) => region[k] === w)) continue
    if (ctx.kb.formerWords.has(region[o.tokens.length] ?? '')) continue
    if (!best || o.tokens.length > best.len) best = { len: o.tokens.length, ids: new Set([o.personId]) }
    else if (o.tokens.length === best.len) best.ids.add(o.personId)
  }
  // two holders of one title on one day is a data error: name neither
  return best && best.ids.size === 1 ? [...best.ids][0] ?? null : null
}

function explicitOrg(ctx: DocContext, ent: EntityStage, cue: Cue): string | null {
  for (const m of mentionsIn(ent, cue.subjectStart, Math.min(cue.subjectEnd, cue.subjectStart + 3))) {
    // `وأضاف في أنقرة`: a capital after a preposition is where it was said, not who said it
    if (ctx.kb.entities.get(m.entityId)?.type === 'place' && m.start > cue.subjectStart && ctx.kb.words.adjuncts.has(ctx.tokens[m.start - 1]?.text ?? '')) continue
    const id = speakerEntity(ctx, m)
    if (id) return id
  }
  return null
}

function sentenceSubject(ctx: DocContext, ent: EntityStage, cue: Cue): string | null {
  const first = ctx.seg.sentences[cue.sentence]?.firstToken ?? cue.start
  const before = mentionsIn(ent, first, cue.start)
  const person = before.find((m) => isPerson(ctx, m.entityId))
  if (person) return person.entityId
  // A body is the subject only where a subject stands: at the head of the sentence (`وكانت وزارة الخارجية أعلنت`,
  // `يذكر أن روسيا نفت`), not as the object of a preposition or a noun further on (`بزخم في ألمانيا`, `لمنتخب مصر`).
  for (const m of before) {
    if (m.start - first > SUBJECT_REACH) break
    const e = ctx.kb.entities.get(m.entityId)
    if (!e || !(e.type === 'organization' || e.type === 'media' || e.type === 'country' || (e.type === 'place' && e.capitalOf))) continue
    if (m.start > first && ctx.kb.words.adjuncts.has(ctx.tokens[m.start - 1]?.text ?? '')) continue
    // a dateline, `دبي، الإمارات العربية المتحدة (CNN)— قال …`: the place the story was filed from
    if (m.start === first + 1 && /[،,]/.test(ctx.tokens[m.start]?.gap ?? '') && /\(/.test(ctx.tokens[m.end]?.gap ?? '')) continue
    return speakerEntity(ctx, m)
  }
  return null
}

/** How far into its sentence (in tokens) a body may stand and still be read as the subject of a later cue. */
const SUBJECT_REACH = 3

/** A body seen so far (KB mention or discovered subject), by its head noun, for `وقالت الوزارة`. */
interface BodySeen {
  pos: number
  head: string
  id: string
}

const DOC_WINDOW = 3

/**
 * The subject-phrase sieve. Returns an attribution, or `blocked` when the subject is someone we must not
 * replace with an earlier speaker (anonymous sources, an unresolvable document or anaphor), or null to go on.
 */
class SubjectSieve {
  readonly surnames = new Map<string, string>()
  readonly bodies: BodySeen[] = []

  constructor(
    private readonly ctx: DocContext,
    private readonly ent: EntityStage
  ) {
    for (const m of ent.mentions) {
      const t = ctx.kb.entities.get(m.entityId)?.type
      if (t !== 'organization' && t !== 'media' && t !== 'armed_group') continue
      const head = headAt(ctx, m.start)
      if (head) this.bodies.push({ pos: m.start, head, id: m.entityId })
    }
  }

  private materialise(sp: SubjectPhrase): string | null {
    const e = subjectEntity(this.ctx, sp)
    if (!e) return null
    if (!this.ent.discovered.has(e.id) && !this.ctx.kb.entities.has(e.id)) this.ent.discovered.set(e.id, e)
    if (sp.kind === 'person') for (const a of e.aliases) if (!this.surnames.has(a)) this.surnames.set(a, e.id)
    if (sp.kind === 'body') this.bodies.push({ pos: sp.start, head: sp.head.id, id: e.id })
    return e.id
  }

  private lastBody(head: string, before: number): string | null {
    let best: BodySeen | null = null
    for (const b of this.bodies) if (b.head === head && b.pos < before && (!best || b.pos > best.pos)) best = b
    return best?.id ?? null
  }

  /** `وأكد البيان`: the speaker (or first named body/person) of the sentence that introduced the document. */
  private documentIssuer(cue: Cue, head: string, cues: Cue[], byCue: Attribution[]): string | null {
    const { ctx } = this
    const from = ctx.seg.sentences[Math.max(0, cue.sentence - DOC_WINDOW)]?.firstToken ?? 0
    for (let p = cue.start - 1; p >= from; p--) {
      const h = trieMatchAt(ctx.kb.subjectTrie, ctx.tokens, p)
      if (h?.values[0]?.id !== head) continue
      const sentence = ctx.tokens[p]?.sentence ?? -1
      // `أفاد بيان لقيادة الجيش … وذكر البيان`: the issuer named with the first mention
      const end = ctx.seg.sentences[sentence]?.endToken ?? p
      const named = readIssuer(ctx, this.ent, h.end, end)
      if (typeof named === 'string') return named
      if (named?.kind === 'body') return this.materialise(named)
      for (let c = byCue.length - 1; c >= 0; c--) {
        const prev = cues[c]
        if (prev && prev.sentence === sentence && prev.start < p && byCue[c]?.speakerId) return byCue[c]?.speakerId ?? null
      }
      const first = ctx.seg.sentences[sentence]?.firstToken ?? p
      for (const m of mentionsIn(this.ent, first, p)) {
        const id = speakerEntity(ctx, m)
        if (id) return id
      }
      return null
    }
    return null
  }

  decide(cue: Cue, cues: Cue[], byCue: Attribution[]): { att: Attribution; phrase: SubjectPhrase } | null {
    const sp = readSubject(this.ctx, this.ent, cue, this.surnames)
    if (!sp) return null
    const none = { speakerId: null, ruleId: null }
    switch (sp.kind) {
      case 'anonymous':
        return { att: { speakerId: null, ruleId: 'speaker.anonymous' }, phrase: sp }
      case 'anaphor': {
        const id = this.lastBody(sp.head.id, cue.start)
        return { att: id ? { speakerId: id, ruleId: 'speaker.subject-anaphor' } : none, phrase: sp }
      }
      case 'document': {
        let id: string | null = null
        if (typeof sp.issuer === 'string') id = sp.issuer
        else if (sp.issuer && (sp.issuer.kind === 'body' || sp.issuer.kind === 'person')) id = this.materialise(sp.issuer)
        else if (sp.issuer?.kind === 'anaphor') id = this.lastBody(sp.issuer.head.id, cue.start)
        else if (sp.definite) id = this.documentIssuer(cue, sp.head.id, cues, byCue)
        return { att: id ? { speakerId: id, ruleId: 'speaker.document-issuer' } : none, phrase: sp }
      }
      case 'person':
        if (sp.known) return { att: { speakerId: sp.known, ruleId: 'speaker.subject-phrase' }, phrase: sp }
        return { att: { speakerId: this.materialise(sp), ruleId: 'speaker.subject-phrase' }, phrase: sp }
      case 'body':
        return { att: { speakerId: this.materialise(sp), ruleId: 'speaker.subject-phrase' }, phrase: sp }
      case 'unresolved':
        // somebody is named, just not someone we know: not the previous speaker
        return { att: none, phrase: sp }
    }
  }
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

export interface SpeakerStage {
  byCue: Attribution[]
  roles: RoleRecord[]
}

export function attributeSpeakers(ctx: DocContext, ent: EntityStage, cues: Cue[]): SpeakerStage {
  const roles = [...ent.roles]
  const byCue: Attribution[] = []
  const sieve = new SubjectSieve(ctx, ent)
  let last: { id: string; sentence: number } | null = null
  for (const cue of cues) {
    let att: Attribution = { speakerId: null, ruleId: null }
    // a participle's subject is the main clause's: what follows it is its object (`متهماً روسيا`)
    let person = cue.kind === 'participle' ? null : explicitPerson(ctx, ent, cue)
    if (person && personInsideAnonymous(ctx, cue, person)) person = null
    const subject = person || cue.kind === 'participle' ? null : sieve.decide(cue, cues, byCue)
    const orgType = subject && subject.att.speakerId === null ? ctx.kb.entities.get(explicitOrg(ctx, ent, cue) ?? '')?.type : undefined
    // `مسؤول في وزارة الخارجية`: a named body inside the phrase still speaks for it (as before this sieve)
    if (subject && subject.att.speakerId === null && !(orgType && orgType !== 'country' && orgType !== 'place')) {
      // a subject we can read but must not name: no fallback to an earlier speaker, now or for `وأضاف` next
      byCue.push(subject.att)
      last = null
      continue
    }
    if (person) {
      att = { speakerId: person.entityId, ruleId: 'speaker.explicit-person' }
      if (person.start > cue.subjectStart && trieMatchAt(ctx.kb.titleTrie, ctx.tokens, cue.subjectStart)) {
        roles.push({ tokens: ctx.tokens.slice(cue.subjectStart, person.start).map((t) => t.text), personId: person.entityId })
      }
    } else {
      const role = cue.kind === 'participle' ? null : roleMention(ctx, roles, cue)
      const office = role || cue.kind === 'participle' ? null : kbOffice(ctx, cue)
      let org = role || office || cue.kind === 'participle' ? null : explicitOrg(ctx, ent, cue)
      // `وزارة الصحة السعودية`: the country only qualifies the body the phrase names
      if (org && subject?.phrase.kind === 'body' && ctx.kb.entities.get(org)?.type === 'country') org = null
      if (role) att = { speakerId: role, ruleId: 'speaker.role-mention' }
      else if (office) att = { speakerId: office, ruleId: 'speaker.kb-office' }
      else if (org) att = { speakerId: org, ruleId: 'speaker.explicit-org' }
      else if (subject) att = subject.att
      else {
        const same = [...cues.slice(0, byCue.length)].reverse().findIndex((c) => c.sentence === cue.sentence)
        const prevIdx = same >= 0 ? byCue.length - 1 - same : -1
        const prev = prevIdx >= 0 ? byCue[prevIdx] : undefined
        if (prev?.speakerId) att = { speakerId: prev.speakerId, ruleId: 'speaker.same-sentence' }
        else {
          const subj = sentenceSubject(ctx, ent, cue)
          if (subj) att = { speakerId: subj, ruleId: 'speaker.sentence-subject' }
          else if (last && cue.sentence - last.sentence <= LAST_SPEAKER_WINDOW) att = { speakerId: last.id, ruleId: 'speaker.last-speaker' }
        }
      }
    }
    byCue.push(att)
    if (att.speakerId) last = { id: att.speakerId, sentence: cue.sentence }
  }
  return { byCue, roles }
}
