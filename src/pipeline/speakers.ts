/**
 * Speaker attribution in sieves (CoreNLP style). The sieves, their order and confidence are data
 * (`seeds/kb/speaker-sieves.json`); this module holds what each one does. For every cue the sieves run in order and
 * the first that decides wins; its id is recorded with the statement (`speakerRuleId`). A sieve decides a speaker,
 * or decides that there is none (an anonymous source): then no later sieve, and no `وأضاف` after it, falls back on
 * an earlier speaker. The entity stage's output is read, never written: people and bodies in subject position were
 * discovered there.
 */
import { tokenIs, type DocContext } from './context.js'
import type { EntityStage, RoleRecord } from './mentions.js'
import type { Cue, RawQuote } from './quotes.js'
import { trieMatchAt } from './trie.js'
import type { Office, SpeakerSieve } from './kb.js'
import { hasPreposition, withoutConjunction } from '../text/affixes.js'
import { Attributor, bodyInside, SUBJECT_REACH, type Attribution, type CueView, type Decision } from './attribution.js'
import { entityType, isPerson, mentionsIn, speakerEntity } from './speaker-reads.js'

export type { Attribution } from './attribution.js'

/** The offices by the first word of their title, in their order (a title matches only offices it opens). */
const OFFICES_BY_FIRST_WORD = new WeakMap<readonly Office[], Map<string, Office[]>>()
function officesOpening(offices: readonly Office[], word: string): readonly Office[] {
  let index = OFFICES_BY_FIRST_WORD.get(offices)
  if (!index) {
    index = new Map()
    for (const o of offices) {
      const first = o.tokens[0] ?? ''
      const list = index.get(first)
      if (list) list.push(o)
      else index.set(first, [o])
    }
    OFFICES_BY_FIRST_WORD.set(offices, index)
  }
  return index.get(word) ?? []
}

const SIEVES: Record<string, (a: Attributor, v: CueView) => Decision | null> = {
  /**
   * A subject named before its verb (`وكانت منظمة هيومن رايتس ووتش طالبت البحرين`, `جيفتشي الذي أضاف`): what
   * follows the verb is then its object, not its subject.
   */
  'speaker.preverbal-subject': (a, v) => {
    const id = a.preverbalSubject(v.cue)
    if (id) return a.agrees(id, a.cueGender(v.cue)) ? { speakerId: id } : null
    // `وكانت تقارير إعلامية سابقة أفادت بأن`: an unnamed source before its verb
    return a.preverbalAnonymous(v.cue) ? { speakerId: null } : null
  },

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
    // a feminine verb makes its subject a woman; a verb of relaying agrees with the channel (`ونقلت الوكالة عن …`)
    const relay = trieMatchAt(ctx.kb.speechTrie, ctx.tokens, v.cue.start)?.values[0]?.report
    if (!relay && a.cueGender(v.cue) === 'f' && !ctx.kb.entities.has(v.person.entityId)) a.female.add(v.person.entityId)
    return { speakerId: v.person.entityId }
  },

  /** A document as subject (`ذكر بيان للجيش`, `وأكد البيان`): its issuer when the text names one, else nobody. */
  /** `نشر تغريدة للناشط علي النعيمي جاء فيها`: what a document says is its issuer's, when the text names one. */
  'speaker.document-content': (a, v) => {
    if (!a.ctx.kb.documentContentCues.has(v.cue.id)) return null
    const issuer = a.documentBefore(v.cue)
    return issuer ? { speakerId: issuer } : null
  },

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
    const title = trieMatchAt(ctx.kb.titleTrie, ctx.tokens, v.region.from)
    const titleId = title?.values[0]?.id
    // only a definite title refers back (`المدرب`, `مبعوث الأمم المتحدة`); `مدرب` opens a new description
    if (!title || !titleId || !a.definiteTitle(v.region.from, v.region.to)) return null
    const aff = a.titleAffiliation(v.region.from, v.region.to)
    let found: RoleRecord | null = null
    for (const r of a.roles) {
      if (r.titleId !== titleId || r.pos >= v.cue.start) continue
      // another country or body than the one the role was given with: another holder (a role given with none
      // is compatible with any)
      if (aff && r.affiliation && r.affiliation !== aff && a.affiliationOf(r.personId) !== aff && a.affiliationOf(r.affiliation) !== aff) continue
      if (!found || r.pos > found.pos) found = r
    }
    return found ? { speakerId: found.personId } : null
  },

  /** An honorific pronoun as subject (`وقال معاليه`, `أكد سموه`): the person last named. */
  'speaker.honorific': (a, v) => {
    const t = a.ctx.tokens[v.cue.subjectStart]
    if (!t || t.hardGap || !a.ctx.kb.words.honorificPronouns.has(withoutConjunction(t.text))) return null
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
    for (const o of officesOpening(ctx.kb.offices, region[0] ?? '')) {
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
    if (!a.titleOnly(v) || !a.definiteTitle(v.region.from, v.region.to)) return null
    const aff = a.titleAffiliation(v.region.from, v.region.to)
    if (!aff || isPerson(ctx, aff)) return null
    // `المسؤول السعودي`, `الدبلوماسي الغربي`: someone the article does not name, not the country they serve
    return { speakerId: ctx.kb.unnamedTitles.has(ctx.tokens[v.region.from]?.text ?? '') ? null : aff }
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
    const id = a.lastBody(v.subject.head.id, v.cue.start)
    // `وقالت الحكومة` with no government named: the government of the country the article is about
    if (!id && tokenIs(a.ctx.kb.words.stateBodies, a.ctx.tokens[v.cue.subjectStart]?.text ?? '')) return { speakerId: a.mainCountry(v.cue.start) }
    return { speakerId: id }
  },

  /** Somebody is named whom the entity stage could not take for an entity: nobody, and not the previous speaker. */
  'speaker.unresolved': (a, v) => (v.subject && !bodyInside(a, v) ? { speakerId: null } : null),

  /** Implicit subject: the speaker of an earlier cue in the same sentence. */
  'speaker.same-sentence': (a, v) => {
    for (let c = v.index - 1; c >= 0; c--) {
      const prev = a.cues[c]
      if (prev?.sentence !== v.cue.sentence) continue
      const att = a.byCue[c]
      // `… عن مصادر طبية أن …، مؤكدة أنه …`: an unnamed source goes on being unnamed
      if (att && !att.speakerId && att.ruleId === 'speaker.anonymous') return { speakerId: null }
      const id = att?.speakerId
      return id && a.agrees(id, a.cueGender(v.cue)) ? { speakerId: id } : null
    }
    return null
  },

  /** Implicit subject: a person, or a body at the head of the sentence, named before the cue. */
  'speaker.sentence-subject': (a, v) => {
    const { ctx, ent } = a
    const first = ctx.seg.sentences[v.cue.sentence]?.firstToken ?? v.cue.start
    // (not a name inside what an earlier statement of the sentence reports)
    const before = mentionsIn(ent, first, v.cue.start).filter((m) => !a.inQuote(m.s))
    // a bare office title names its holder too, where a subject stands (`وسرعان ما ندد الرئيس التركي … وقال`), not as
    // the object of a preposition or a noun (`برعاية أمير المنطقة`)
    const office = ent.offices.find(
      (m) => m.start >= first && m.start < v.cue.start && m.start - first <= SUBJECT_REACH + 1 && !ctx.kb.words.adjuncts.has(ctx.tokens[m.start - 1]?.text ?? '') && !hasPreposition(ctx.tokens[m.start]?.text ?? '')
    )
    const person = [...before, ...(office ? [office] : [])].sort((x, y) => x.start - y.start).find((m) => isPerson(ctx, m.entityId))
    if (person) return { speakerId: person.entityId }
    // `جاء ذلك في بيان للاتحاد الأوروبي، لافتا إلى`: the issuer of the statement the sentence is about
    const issuer = a.issuerInSentence(v.cue)
    if (issuer) return { speakerId: issuer }
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

  /**
   * Implicit subject of a sentence that reports nothing before (`ونسب رئيس الوزراء أحمد داود أوغلو الهجوم إلى
   * التنظيم. وقال أمام الصحافيين`): the subject of the previous sentence, when it is more recent than the last
   * speaker and agrees with the verb.
   */
  'speaker.previous-subject': (a, v) => {
    if (!a.noSubject(v.cue)) return null
    const prev = v.cue.sentence - 1
    // a statement earlier in this sentence or in the previous one: the last speaker is the better guess
    if (a.cues.some((c, i) => i < v.index && c.sentence >= prev)) return null
    const id = a.previousSubject(v.cue)
    return id && a.agrees(id, a.cueGender(v.cue)) ? { speakerId: id } : null
  },

  /** Implicit subject (`وأضاف`, `وتابع`): the most recent speaker, within a few sentences, who agrees with the verb. */
  'speaker.last-speaker': (a, v) => {
    const id = a.lastSpeaker(v.cue, v.index, a.cueGender(v.cue))
    return id ? { speakerId: id } : null
  }
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

export function attributeSpeakers(ctx: DocContext, ent: EntityStage, cues: Cue[], quotes: readonly RawQuote[] = []): SpeakerStage {
  const a = new Attributor(ctx, ent, cues, quotes)
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
