/**
 * What speaker attribution knows while it works through a document: the cues, the speakers decided so far, the
 * roles and bodies the article introduced, and the readings the sieves share (titles, bodies, grammatical gender,
 * the salient subject of a sentence). The sieves themselves are in speakers.ts.
 */
import { isComplementizer, speechCueAt, tokenIs, type DocContext } from './context.js'
import type { EntityStage, RoleRecord, TokMention } from './mentions.js'
import type { Cue } from './quotes.js'
import { trieMatchAt } from './trie.js'
import { DEMONYM_RULE } from './kb.js'
import { givenNameAt } from './names.js'
import { normaliseKey } from './normalise.js'
import { headAt, readIssuer, readSubject, speechSlot, type SubjectPhrase } from './subjects.js'
import { hasLam, hasPreposition, isDefinite, startsWithArticle, startsWithLil, withoutConjunction } from '../text/affixes.js'
import { entityType, explicitOrg, explicitPerson, isPerson, kbRoles, mentionsIn, personInsideAnonymous, speakerEntity } from './speaker-reads.js'

export interface Attribution {
  speakerId: string | null
  ruleId: string | null
  /** The deciding sieve's confidence (1 when no sieve decided). */
  confidence: number
}

export const LAST_SPEAKER_WINDOW = 6
/** How far into its sentence (in tokens) a body may stand and still be read as the subject of a later cue. */
export const SUBJECT_REACH = 3
/** How far into the previous sentence its subject may stand (after a verb and a title or two). */
const PREVIOUS_SUBJECT_REACH = 6
/** How many words of its own an unnamed source before its verb may have (`تقارير إعلامية سابقة`). */
const PREVERBAL_WORDS = 3

/** Of a verb: feminine, masculine, or plural/dual; of an entity, f or m. */
export type Gender = 'f' | 'm' | 'p'
/** How many sentences back `وأكد البيان` looks for the sentence that introduced the statement. */
const DOC_WINDOW = 3

/** A body seen so far (KB or discovered), by its head noun, for `وقالت الوزارة`. */
export interface BodySeen {
  pos: number
  head: string
  id: string
}

/** A token range that may hold the cue's subject as a title phrase. */
export interface Region {
  from: number
  to: number
}

/** What the sieves share about one cue, computed once. */
export interface CueView {
  cue: Cue
  index: number
  person: TokMention | null
  subject: SubjectPhrase | null
  org: string | null
  /** Where a title standing for the speaker is read: after the verb, or before it (`أما الرئيس الإيراني فقال`). */
  region: Region
}

/** A sieve's decision: a speaker, or null for "nobody" (which also ends the carry-over to later cues). */
export interface Decision {
  speakerId: string | null
}

/** The attribution state of one document: sieves read it, the loop in attributeSpeakers advances it. */
export class Attributor {
  readonly byCue: Attribution[] = []
  readonly roles: RoleRecord[]
  readonly bodies: BodySeen[] = []
  /** Discovered people a feminine verb has had as its subject (`تقول الأخت ماري`): women, for the verbs after. */
  readonly female = new Set<string>()
  last: { id: string; sentence: number } | null = null

  constructor(
    readonly ctx: DocContext,
    readonly ent: EntityStage,
    readonly cues: Cue[],
    /** What the statements report (normalised offsets): a name inside one is nobody's subject. */
    readonly quoted: ReadonlyArray<{ s: number; e: number }> = []
  ) {
    this.roles = [...ent.roles, ...kbRoles(ctx, ent)]
    for (const m of ent.mentions) {
      const t = entityType(ctx, ent, m.entityId)
      if (t !== 'organization' && t !== 'media' && t !== 'armed_group') continue
      // its own head noun (`وزارة الدفاع`), or one before its name (`صحيفة واشنطن بوست`)
      const head = headAt(ctx, m.start) ?? (m.start > 0 && !ctx.tokens[m.start]?.hardGap ? headAt(ctx, m.start - 1) : null)
      if (head) this.bodies.push({ pos: m.start, head, id: m.entityId })
    }
  }

  view(original: Cue, index: number): CueView {
    const { ctx, ent } = this
    const participle = original.kind === 'participle'
    // `نقلت وكالة "وام" عن مصادر طبية أن …`: a verb of relaying names the channel; the speaker is its source, after عن
    const report = trieMatchAt(ctx.kb.speechTrie, ctx.tokens, original.start)?.values[0]?.report
    const source = report && !participle ? this.relayedSource(original) : null
    const cue = source === null ? original : { ...original, subjectStart: source }
    let person = participle || (report && source === null) ? null : explicitPerson(ctx, ent, cue)
    if (person && personInsideAnonymous(ctx, cue, person)) person = null
    const subject =
      participle || cue.quote === null || (report && source === null) ? null : readSubject(ctx, ent, speechSlot(ctx, cue.subjectStart, cue.sentence, ent.mentionAt, cue.subjectEnd))
    const region = (!participle && this.preverbalTitle(original)) || { from: cue.subjectStart, to: cue.subjectEnd }
    return { cue: original, index, person, subject, org: participle ? null : explicitOrg(ctx, ent, cue), region }
  }

  /** Where the source of a relayed statement starts: after the word that introduces it (`عن`), or null. */
  relayedSource(cue: Cue): number | null {
    const { tokens, kb } = this.ctx
    for (let k = cue.subjectStart; k < cue.subjectEnd - 1; k++) {
      if (tokens[k + 1]?.hardGap && !/^\s*["“”«»]\s*$/.test(tokens[k + 1]?.gap ?? '')) continue
      if (tokenIs(kb.words.relaySources, tokens[k]?.text ?? '')) return k + 1
    }
    return null
  }

  /**
   * A bare title before its verb, the verb then without a subject of its own (`أما الرئيس الإيراني فقال في كلمته`,
   * `وكان المتحدث باسم الخارجية قد قال`): only sentence openers before the title, only `قد` between it and the verb.
   */
  preverbalTitle(cue: Cue): Region | null {
    const { ctx } = this
    const { tokens, kb } = ctx
    const first = ctx.seg.sentences[cue.sentence]?.firstToken ?? cue.start
    let from = first
    while (from < cue.start && kb.words.sentenceOpeners.has(tokens[from]?.text ?? '')) from++
    let to = cue.start
    while (to > from && kb.words.preverbalParticles.has(tokens[to - 1]?.text ?? '')) to--
    if (to <= from || !trieMatchAt(kb.titleTrie, tokens, from) || !this.subjectless(cue)) return null
    for (let k = from + 1; k < cue.start; k++) if (tokens[k]?.hardGap) return null
    if (this.ent.mentions.some((m) => m.start >= from && m.start < to && isPerson(ctx, m.entityId))) return null
    return this.bareTitle(from, to) ? { from, to } : null
  }

  /** Nothing after the verb can be its subject: what it reports, punctuation, a preposition or a date follows it. */
  subjectless(cue: Cue): boolean {
    const { ctx } = this
    const t = ctx.tokens[cue.subjectStart]
    if (!t || cue.subjectStart >= cue.subjectEnd || t.sentence !== cue.sentence || t.hardGap) return true
    const w = ctx.kb.words
    return tokenIs(w.adjuncts, t.text) || isComplementizer(ctx.kb, t.text) || !!trieMatchAt(ctx.kb.dateTrie, ctx.tokens, cue.subjectStart) || hasPreposition(t.text)
  }

  lastBody(head: string, before: number): string | null {
    let best: BodySeen | null = null
    for (const b of this.bodies) if (b.head === head && b.pos < before && (!best || b.pos > best.pos)) best = b
    return best?.id ?? null
  }

  /** The country the article mentions most before token `before` (demonyms and capitals count): at least twice, more than any other. */
  mainCountry(before: number): string | null {
    const { ctx, ent } = this
    const n = new Map<string, number>()
    for (const m of ent.mentions) {
      if (m.start >= before) break
      const e = ctx.kb.entities.get(m.entityId)
      const c = e?.type === 'country' ? e.id : e?.type === 'place' ? e.capitalOf : null
      if (c) n.set(c, (n.get(c) ?? 0) + 1)
    }
    const [first, second] = [...n.entries()].sort((x, y) => y[1] - x[1])
    return first && first[1] >= 2 && (!second || first[1] > second[1]) ? first[0] : null
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

  /** Whether a normalised offset lies inside what a statement reports (a name there is nobody's subject). */
  inQuote(s: number): boolean {
    return this.quoted.some((q) => q.s <= s && s < q.e)
  }

  /** The named issuer of a document earlier in the cue's sentence (`في بيان للاتحاد الأوروبي`, `بيان صادر عن الوزارة`). */
  issuerInSentence(cue: Cue): string | null {
    const { ctx, ent } = this
    const first = ctx.seg.sentences[cue.sentence]?.firstToken ?? cue.start
    for (let p = first; p < cue.start; p++) {
      const h = trieMatchAt(ctx.kb.subjectTrie, ctx.tokens, p)
      if (h?.values[0]?.cls !== 'document') continue
      const issuer = readIssuer(ctx, ent, h.end, cue.start)
      if (typeof issuer === 'string') return issuer
    }
    return null
  }

  /** The named issuer of the last document before the cue in its sentence (`تغريدة للناشط علي النعيمي، جاء فيها`). */
  documentBefore(cue: Cue): string | null {
    const { ctx, ent } = this
    const first = ctx.seg.sentences[cue.sentence]?.firstToken ?? cue.start
    for (let p = cue.start - 1; p >= first; p--) {
      const h = trieMatchAt(ctx.kb.subjectTrie, ctx.tokens, p)
      if (h?.values[0]?.cls !== 'document') continue
      const issuer = readIssuer(ctx, ent, h.end, cue.start)
      if (typeof issuer === 'string') return issuer
      // `بيان مجلس الأمن`: the body the document is in construct with
      const owner = ent.mentionAt.get(h.end)
      const type = owner ? entityType(ctx, ent, owner.entityId) : null
      if (owner && owner.start < cue.start && (type === 'organization' || type === 'media' || type === 'country')) return owner.entityId
      // `تغريدة (أخرى) للناشط علي النعيمي`: a person after the title that the preposition joins to the document
      for (let k = h.end; k <= h.end + 1 && k < cue.start; k++) {
        const title = hasLam(ctx.tokens[k]?.text ?? '') ? trieMatchAt(ctx.kb.titleTrie, ctx.tokens, k) : null
        const m = title ? ent.mentionAt.get(title.end) : undefined
        if (m && m.start < cue.start && isPerson(ctx, m.entityId)) return m.entityId
      }
      return null
    }
    return null
  }

  /** The bare title phrase after the cue, when the subject starts with a title and no person is named. */
  titleOnly(v: CueView): string[] | null {
    const { ctx } = this
    if (v.person || !this.bareTitle(v.region.from, v.region.to)) return null
    return ctx.tokens.slice(v.region.from, v.region.to).map((t) => t.text)
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
    const scoped = (k: number): boolean => !!ent.mentionAt.get(k) || isDefinite(tokens[k]?.text ?? '')
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
      if (scoped(k) || startsWithLil(t.text) || tokenIs(kb.words.orgHeads, t.text) || trieMatchAt(kb.subjectTrie, tokens, k)) {
        k++
        continue
      }
      // a prepositional phrase (`بضرب قوات النظام`) ends the title phrase; a name we did not read does not
      return hasPreposition(t.text) && !givenNameAt(ctx, k)
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
    const first = withoutConjunction(tokens[from]?.text ?? '')
    const next = tokens[from + 1]
    const construct = !!next && !next.hardGap && (startsWithArticle(next.text) || startsWithLil(next.text) || this.ent.mentionAt.has(from + 1))
    if (!startsWithArticle(first) && !construct) return false
    for (let k = from; k < to; k++) if (kb.formerWords.has(tokens[k]?.text ?? '')) return false
    return true
  }

  /** The person an entity refers to: its KB affiliation, for comparing with a title's. */
  affiliationOf(id: string): string | null {
    return this.ctx.kb.entities.get(id)?.affiliation ?? this.ent.discovered.get(id)?.affiliation ?? null
  }

  /**
   * The grammatical number and gender a cue's verb demands of its subject: feminine (`قالت`, `تقول`, `مضيفة`),
   * masculine singular (`قال`), or plural and dual (`قالوا`, `يقولون`), whose subject is a group: never one earlier
   * speaker.
   */
  cueGender(cue: Cue): Gender | null {
    const { ctx } = this
    const m = speechCueAt(ctx, cue.start)
    if (!m) return null
    if (m.values[0]?.feminine) return 'f'
    const text = withoutConjunction(ctx.tokens[m.end - 1]?.text ?? '')
    // plural and dual: قالوا, يقولون, يضيفان, قالتا, and قالا (a form plus ا: not دعا, not أبان)
    const isForm = (x: string): boolean => !!ctx.kb.speechTrie.next.get(x)?.values.length
    if (text.endsWith('وا') || /^[يت].+(ون|ان)$/.test(text) || (text.endsWith('تا') && isForm(text.slice(0, -2))) || (text.endsWith('ا') && isForm(text.slice(0, -1)))) return 'p'
    return 'm'
  }

  /**
   * An entity's grammatical gender: a person is feminine when the KB or the text says so (else masculine, the press's
   * default); a country is feminine unless the KB marks it masculine (العراق); a body follows its head noun (وزارة,
   * منظمة, قوات: feminine; الجيش, المرصد: masculine).
   */
  genderOf(id: string): Gender | null {
    const { ctx, ent } = this
    const e = ctx.kb.entities.get(id)
    const d = ent.discovered.get(id)
    const type = e?.type ?? d?.type
    if (type === 'person') return e?.gender ?? (ent.female.has(id) || this.female.has(id) ? 'f' : 'm')
    if (type === 'country') return e?.gender ?? 'f'
    if (type === 'organization' || type === 'media' || type === 'armed_group') {
      const head = normaliseKey(e?.name ?? d?.name ?? '').split(' ')[0] ?? ''
      return /(ه|ات)$/.test(head) ? 'f' : 'm'
    }
    return null
  }

  /**
   * Whether an entity may be the subject of a verb of that gender. Only a person's gender is held against a verb: a
   * body is spoken of by its head noun or its statement as often as by its name (`قال بيان الخارجية`).
   */
  agrees(id: string, gender: Gender | null): boolean {
    if (gender === 'p') return false
    if (!gender || !isPerson(this.ctx, id)) return true
    return this.genderOf(id) === gender
  }

  /**
   * The most recent speaker, within a few sentences, who agrees with the cue's verb (`وأضافت` after a man and then a
   * ministry is the ministry). An anonymous source in between ends the search: what follows it continues it.
   */
  lastSpeaker(cue: Cue, index: number, gender: Gender | null): string | null {
    for (let c = index - 1; c >= 0; c--) {
      const prev = this.cues[c]
      const att = this.byCue[c]
      if (!prev || !att || cue.sentence - prev.sentence > LAST_SPEAKER_WINDOW) return null
      if (!att.speakerId) {
        if (att.ruleId) return null
        continue
      }
      if (this.agrees(att.speakerId, gender)) return att.speakerId
    }
    return null
  }

  /**
   * The subject standing before the cue in its own clause: `وكانت منظمة هيومن رايتس ووتش طالبت`, `وكان وزير الخارجية
   * السعودي عادل الجبير ذكر`, `عبدالله جيفتشي الذي أضاف`. A person or body mention right before the verb (an
   * auxiliary `قد` or a relative pronoun between them allowed), itself preceded only by a sentence opener (`وكان`,
   * `أما`) and its own titles.
   */
  preverbalSubject(cue: Cue): string | null {
    const { ctx, ent } = this
    const { tokens, kb } = ctx
    const first = ctx.seg.sentences[cue.sentence]?.firstToken ?? cue.start
    let k = cue.start - 1
    while (k >= first && kb.words.preverbalParticles.has(tokens[k]?.text ?? '')) k--
    let relative = false
    if (k >= first && kb.words.relativePronouns.has(tokens[k]?.text ?? '')) {
      relative = true
      k--
    }
    const m = [...ent.mentions].reverse().find((x) => x.end === k + 1 && x.start >= first)
    if (!m || m.ruleId === DEMONYM_RULE) return null
    const id = speakerEntity(ctx, m)
    if (!id) return null
    if (relative) return id
    // before the subject: only an opener and the subject's own title words (`وكان وزير الخارجية السعودي`)
    for (let j = first; j < m.start; j++) {
      const t = tokens[j]
      if (!t || (j > first && t.hardGap)) return null
      if (kb.words.sentenceOpeners.has(t.text) || trieMatchAt(kb.titleTrie, tokens, j) || startsWithArticle(t.text) || ent.mentionAt.get(j)?.ruleId === DEMONYM_RULE) continue
      return null
    }
    return m.start > first || kb.words.sentenceOpeners.has(tokens[first]?.text ?? '') || cue.start > m.end ? id : null
  }

  /**
   * An unnamed source standing before its verb at the head of the sentence (`وكانت تقارير إعلامية سابقة أفادت`,
   * `ويقول مسؤولون أمريكيون`): an anonymous head and at most a few words of its own, nothing named, then the verb.
   */
  preverbalAnonymous(cue: Cue): boolean {
    const { ctx, ent } = this
    const { tokens, kb } = ctx
    const first = ctx.seg.sentences[cue.sentence]?.firstToken ?? cue.start
    let k = first
    while (k < cue.start && kb.words.sentenceOpeners.has(tokens[k]?.text ?? '')) k++
    const head = trieMatchAt(kb.subjectTrie, tokens, k)
    if (!head || head.values[0]?.cls !== 'anonymous' || head.strip > 0) return false
    let end = cue.start
    while (end > head.end && kb.words.preverbalParticles.has(tokens[end - 1]?.text ?? '')) end--
    if (end - head.end > PREVERBAL_WORDS) return false
    for (let j = k + 1; j < cue.start; j++) if (tokens[j]?.hardGap) return false
    return !ent.mentions.some((m) => m.start >= k && m.start < end && m.ruleId !== DEMONYM_RULE)
  }

  /**
   * The subject of the previous sentence when it reported no statement (`ونسب رئيس الوزراء أحمد داود أوغلو الهجوم
   * … . وقال أمام الصحافيين`): the first person or body near its head, not behind a preposition.
   */
  previousSubject(cue: Cue): string | null {
    const { ctx, ent } = this
    const prev = ctx.seg.sentences[cue.sentence - 1]
    if (!prev) return null
    // a sentence of a quotation (`… بأنفسهم.. الحكومة الروسية تساعد …"`) has a speaker, not a subject to carry on
    if (this.inQuote(ctx.tokens[prev.firstToken]?.s ?? -1)) return null
    for (const m of ent.mentions) {
      if (m.start < prev.firstToken || m.start >= prev.endToken) continue
      if (m.start - prev.firstToken > PREVIOUS_SUBJECT_REACH) break
      if (this.inQuote(m.s)) continue
      if (m.ruleId === DEMONYM_RULE) continue
      const before = ctx.tokens[m.start - 1]
      if (m.start > prev.firstToken && before && (tokenIs(ctx.kb.words.adjuncts, before.text) || /[بل]/.test(ctx.norm.text.slice(ctx.tokens[m.start]?.s ?? 0, m.s)))) continue
      const id = speakerEntity(ctx, m)
      if (id && entityType(ctx, ent, id) !== 'country') return id
    }
    return null
  }

  /**
   * Whether the verb stands without a subject of its own: what it reports, punctuation, a preposition or a date
   * follows it directly (`وقال:`, `وقال إن`, `وقال أمام الصحافيين`, `وقال الثلاثاء`).
   */
  noSubject(cue: Cue): boolean {
    const { ctx } = this
    // the verb opens its sentence (after `و`, `كما`, …): otherwise the clause before it has the subject
    const first = ctx.seg.sentences[cue.sentence]?.firstToken ?? cue.start
    for (let k = first; k < cue.start; k++) if (!ctx.kb.words.sentenceOpeners.has(ctx.tokens[k]?.text ?? '') && !ctx.kb.words.clauseOpeners.has(ctx.tokens[k]?.text ?? '')) return false
    return this.subjectless(cue)
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
export function bodyInside(a: Attributor, v: CueView): boolean {
  const type = v.org ? entityType(a.ctx, a.ent, v.org) : undefined
  return !!type && type !== 'country' && type !== 'place'
}

