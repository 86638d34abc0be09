/**
 * The knowledge base as the stages read it: entities and agreements with their lookup tries, the lexicons, and the
 * closed word classes. Built once by loadKnowledgeBase (kb.ts) from seeds/kb/*.json (kb-files.ts reads each kind).
 */
import type { AnnotationEntityType } from '../../schemas/annotations.js'
import { newTrie, type TrieNode } from './trie.js'

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
  /** Words that name nobody and never a person after them (`البعض`, `الجميع`): they end a body's phrase too. */
  generic?: boolean
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
  /** Speech entries whose cue introduces what a document named before it says (`جاء فيه`). */
  documentContentCues: Set<string>
  /** Words right after a title that make it a past holder's (`السابق`): no office then. */
  formerWords: Set<string>
  /** Nisba adjectives that qualify a title (`الأستاذ الجامعي`), never a family name after it. */
  titleQualifiers: Set<string>
  /** Definite titles of someone unnamed (`المسؤول السعودي`): an unnamed source, not the country. */
  unnamedTitles: Set<string>
  /** Subject-phrase head nouns, indefinite and definite forms. */
  subjectTrie: TrieNode<SubjectHead>
  eventTrie: TrieNode<EventTrigger>
  dateTrie: TrieNode<DateKey>
  numberTrie: TrieNode<NumberKey>
  qualifierTrie: TrieNode<QualifierKey>
  agreementHeadTrie: TrieNode<string>
  /** After a comma, words with which the narrator takes over again (`وذلك`, `في حين`): a statement ends there. */
  resumerTrie: TrieNode<string>
  /** The first keys of the tries above and the bits of the tries they start (trie.ts `indexTrieRoots`); null until loaded. */
  trieRoots: ReadonlyMap<string, number> | null
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
    /** Ambiguous names told apart by the body's spelling (`علي`, not `على`): the written forms. */
    spelledNames: Set<string>
    stopWords: Set<string>
    /** Words of the sports register (`المباراة`, `الدوري`), and trigger forms that have a sports sense (`هجوم`, `يلتقي`). */
    sportWords: Set<string>
    sportSenses: Set<string>
    /** Range and day–month linking words (`15 و16 أيلول`, `ال5 من آذار`); a word before a day (`يوم`). */
    rangeLinks: Set<string>
    dayMonthLinks: Set<string>
    dayWords: Set<string>
    /** Words between a document and its issuer (`صادر عن`). */
    issuerLinks: Set<string>
    /** The second word of two-word family names (`أوغلو`); complementisers that report nothing (`لأن`). */
    surnameSecondWords: Set<string>
    /** The first word of a two-word family name (`العبد اللطيف`, `آل حرفش`). */
    surnameFirstWords: Set<string>
    notReporting: Set<string>
    /** First parts of compound given names written as one word (`عبدالله`). */
    joinedNamePrefixes: string[]
    /** Words after which a speech form is a verbal noun (`عدم ذكر اسمه`), not a cue. */
    verbalNounBefore: Set<string>
    /** What introduces the source of a relayed statement (`نقلت الوكالة عن مصادر`). */
    relaySources: Set<string>
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

/** Nationality adjectives: mentions of a country, but never a speaker on their own (المسؤول الإيراني is not Iran). */
export const DEMONYM_RULE = 'kb.demonym'
/**
 * Names that are also common words or another entity's name (`الخبر` "the news", `عمان` Amman/Oman, `الهلال`):
 * a mention only after a head noun (`مدينة الخبر`, `نادي الهلال`) or where the article names the entity plainly too.
 */
export const CONTEXT_ALIAS_RULE = 'kb.context-alias'

/** A knowledge base with nothing in it, for the loaders to fill. */
export function emptyKb(): KnowledgeBase {
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
    documentContentCues: new Set(),
    formerWords: new Set(),
    titleQualifiers: new Set(),
    unnamedTitles: new Set(),
    subjectTrie: newTrie(),
    eventTrie: newTrie(),
    dateTrie: newTrie(),
    numberTrie: newTrie(),
    qualifierTrie: newTrie(),
    agreementHeadTrie: newTrie(),
    resumerTrie: newTrie(),
    trieRoots: null,
    words: {
      complementizers: new Set(), ownComplement: new Set(), adjuncts: new Set(), orgHeads: new Set(), roleLinkers: new Set(), companionMarkers: new Set(), nameParticles: new Set(), nameOpeners: new Set(), notNames: new Set(), appositionWords: new Set(), honorificPronouns: new Set(), clauseOpeners: new Set(), claimOpeners: new Set(), claimLinks: new Set(), placeHeads: new Set(), countrysideWords: [], countrysideOf: new Set(), memberHeads: new Set(), preverbalParticles: new Set(), relativePronouns: new Set(), sentenceOpeners: new Set(), givenNames: new Set(), ambiguousNames: new Set(), spelledNames: new Set(),
      stopWords: new Set(), relaySources: new Set(), verbalNounBefore: new Set(), rangeLinks: new Set(), dayMonthLinks: new Set(), dayWords: new Set(), issuerLinks: new Set(), surnameSecondWords: new Set(), surnameFirstWords: new Set(), notReporting: new Set(), joinedNamePrefixes: [], sportWords: new Set(), sportSenses: new Set(), agreementSigning: new Set(), agreementParties: new Set(), plannedCues: new Set(), ongoingCues: new Set(), negationCues: new Set(),
      modalCues: new Set(), hypotheticalCues: new Set(), anaphora: new Set(), stative: new Set(), evidenceNouns: new Set(), fatalityCues: new Set(),
      accusationCues: new Set(), goalNouns: new Set(), anaphoricParties: new Set(), locativeCues: new Set(), monthSuffixCurrent: [], monthSuffixPast: [],
      monthSuffixNext: [], weekdayPast: new Set(), weekdayNext: new Set(), dayParts: new Set(), yearWords: new Set(), futureMarkers: new Set(), futureExceptions: new Set(), monthContext: new Set(), stateBodies: new Set()
    },
    monthNumbers: new Map(),
    seasons: new Map(),
    militaryAdjectives: new Map()
  }
}
