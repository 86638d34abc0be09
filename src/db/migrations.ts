/**
 * Ordered, versioned schema migrations. `PRAGMA user_version` records the last one applied; each runs in its own
 * transaction. Append new migrations; never edit one that has shipped.
 */
export interface Migration {
  version: number
  name: string
  sql: string
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'articles and full-text index',
    sql: `
      CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        published_at TEXT,
        published_date TEXT,
        sort_key TEXT NOT NULL,
        source TEXT,
        url TEXT,
        language TEXT NOT NULL,
        word_count INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        ingested_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX articles_by_recency ON articles (sort_key DESC, id DESC);
      CREATE INDEX articles_by_source ON articles (source, sort_key DESC, id DESC);
      CREATE INDEX articles_by_date ON articles (published_date);
      CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
      );
    `
  },
  {
    version: 2,
    name: 'extracted knowledge: entities, quotes, events, agreements',
    sql: `
      CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_en TEXT,
        type TEXT NOT NULL,
        aliases TEXT NOT NULL,
        role TEXT,
        affiliation TEXT,
        lat REAL,
        lon REAL,
        part_of TEXT,
        source TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        confidence REAL NOT NULL
      ) STRICT;
      CREATE TABLE entity_mentions (
        article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
        entity_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        rule_id TEXT NOT NULL
      ) STRICT;
      CREATE INDEX entity_mentions_by_article ON entity_mentions (article_rowid);
      CREATE INDEX entity_mentions_by_entity ON entity_mentions (entity_id, article_rowid);

      CREATE TABLE quotes (
        id TEXT PRIMARY KEY,
        article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        speaker_id TEXT,
        cue TEXT,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        date_start TEXT,
        date_end TEXT,
        date_precision TEXT,
        date_text TEXT,
        confidence REAL NOT NULL,
        rule_id TEXT NOT NULL,
        speaker_rule_id TEXT
      ) STRICT;
      CREATE INDEX quotes_by_article ON quotes (article_rowid, seq);
      CREATE INDEX quotes_by_speaker ON quotes (speaker_id);

      CREATE TABLE event_mentions (
        event_id TEXT NOT NULL,
        article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        date_start TEXT,
        date_end TEXT,
        date_precision TEXT,
        date_text TEXT,
        location_ids TEXT NOT NULL,
        actor_ids TEXT NOT NULL,
        fatalities INTEGER,
        fatalities_qualifier TEXT,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        trigger TEXT NOT NULL,
        confidence REAL NOT NULL,
        rule_id TEXT NOT NULL
      ) STRICT;
      CREATE INDEX event_mentions_by_event ON event_mentions (event_id);
      CREATE INDEX event_mentions_by_article ON event_mentions (article_rowid, seq);
      CREATE INDEX event_mentions_by_type ON event_mentions (type, date_start);

      CREATE TABLE agreements (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_en TEXT,
        signed_on TEXT,
        place_id TEXT,
        party_ids TEXT NOT NULL,
        provisions TEXT NOT NULL,
        aliases TEXT NOT NULL,
        source TEXT NOT NULL
      ) STRICT;
      CREATE TABLE agreement_mentions (
        agreement_id TEXT NOT NULL,
        article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        confidence REAL NOT NULL
      ) STRICT;
      CREATE INDEX agreement_mentions_by_agreement ON agreement_mentions (agreement_id, article_rowid);
      CREATE INDEX agreement_mentions_by_article ON agreement_mentions (article_rowid);
    `
  },
  {
    version: 3,
    name: 'light-stemmed search form; full-text index of quotes kept by triggers',
    sql: `
      DELETE FROM articles_fts;
      INSERT INTO articles_fts (rowid, title, body) SELECT rowid, search_form(title), search_form(body) FROM articles;
      CREATE VIRTUAL TABLE quotes_fts USING fts5 (
        text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO quotes_fts (rowid, text) SELECT rowid, search_form(text) FROM quotes;
      CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts (rowid, text) VALUES (new.rowid, search_form(new.text));
      END;
      CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        DELETE FROM quotes_fts WHERE rowid = old.rowid;
      END;
      CREATE INDEX quotes_by_speaker_date ON quotes (speaker_id, date_start);
      CREATE INDEX entities_by_part_of ON entities (part_of);
      CREATE TABLE entity_names (
        entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        PRIMARY KEY (entity_id, name)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX entity_names_by_name ON entity_names (name);
      INSERT OR IGNORE INTO entity_names (entity_id, name)
        SELECT id, search_form(name) FROM entities
        UNION SELECT id, search_form(name_en) FROM entities WHERE name_en IS NOT NULL
        UNION SELECT e.id, search_form(j.value) FROM entities e, json_each(e.aliases) j;
    `
  },
  {
    version: 4,
    name: 'fingerprint of the last complete boot, so an unchanged corpus reboots without reading it',
    sql: `
      CREATE TABLE corpus_state (
        key INTEGER PRIMARY KEY CHECK (key = 1),
        fingerprint TEXT NOT NULL,
        articles INTEGER NOT NULL,
        report TEXT NOT NULL
      ) STRICT;
    `
  },
  {
    version: 5,
    name: 'covering indexes so listings, counts and joins do not read article bodies',
    // An article row holds its body before its dates and keys, so reading `sort_key` or `published_date` from the
    // table walks the body's overflow pages. These indexes answer those reads without touching the rows.
    sql: `
      CREATE INDEX articles_listing ON articles (sort_key DESC, id DESC, source, published_date);
      CREATE INDEX articles_keys ON articles (rowid, sort_key, id, published_date);
      CREATE INDEX quotes_by_speaker_order ON quotes (speaker_id, article_rowid, seq);
    `
    },
  {
    version: 6,
    name: 'read models derived after each boot: events, timeline, statement links; entity lookup by any run of name words',
    // `events`, `event_mention_entities`, `timeline_items`, `timeline_entities` and `quotes.also_reported` are rebuilt from the mentions at the
    // end of every boot that read the corpus (ReadModels.rebuild, read-models.ts). Forgetting the last boot makes the next one read
    // the corpus (unchanged articles are not extracted again) and build them.
    sql: `
      CREATE TABLE entity_name_keys (
        key TEXT NOT NULL,
        entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        PRIMARY KEY (key, entity_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX entity_name_keys_by_entity ON entity_name_keys (entity_id);
      INSERT OR IGNORE INTO entity_name_keys (key, entity_id)
        SELECT j.value, n.entity_id FROM entity_names n, json_each(name_keys(n.name)) j;
      DROP TABLE entity_names;

      CREATE TABLE events (
        id TEXT PRIMARY KEY,
        sort_key TEXT NOT NULL,
        date_start TEXT,
        date_end TEXT,
        mentions INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX events_by_recency ON events (sort_key DESC, id);

      CREATE TABLE timeline_items (
        d TEXT NOT NULL,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        d_end TEXT NOT NULL,
        PRIMARY KEY (d, kind, id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE timeline_entities (
        entity_id TEXT NOT NULL,
        role TEXT NOT NULL,
        d TEXT NOT NULL,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        d_end TEXT NOT NULL,
        PRIMARY KEY (entity_id, role, d, kind, id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE event_mention_entities (
        entity_id TEXT NOT NULL,
        role TEXT NOT NULL,
        mention_rowid INTEGER NOT NULL,
        PRIMARY KEY (entity_id, role, mention_rowid)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX timeline_items_by_end ON timeline_items (d_end);

      -- listings answered from one index, without reading article rows (their bodies come first)
      ALTER TABLE articles ADD COLUMN excerpt TEXT NOT NULL DEFAULT '';
      UPDATE articles SET excerpt = substr(body, 1, 200);
      CREATE INDEX articles_cards ON articles (sort_key DESC, id DESC, source, published_date, title, published_at, url, language, word_count, excerpt);

      ALTER TABLE quotes ADD COLUMN also_reported TEXT NOT NULL DEFAULT '[]';
      CREATE INDEX event_mentions_by_type_end ON event_mentions (type, date_end);
      DELETE FROM corpus_state;
    `
    },
  {
    version: 7,
    name: 'each event keeps its aggregate over all mentions, for lists',
    // Filled by ReadModels.rebuild (read-models.ts); forgetting the last boot makes the next one build it.
    sql: `
      ALTER TABLE events ADD COLUMN summary TEXT NOT NULL DEFAULT '{}';
      DELETE FROM corpus_state;
    `
    },
  {
    version: 8,
    name: 'event mention date ranges in an R-tree, for date-window filters',
    // An index serves `date_end >= from` or `date_start <= to`, not both; the R-tree serves the overlap, and with the
    // event and type alongside answers a type-and-window filter without reading mentions. Days since 1970-01-01;
    // filled by ReadModels.rebuild (read-models.ts; forgetting the last boot makes the next one build it).
    sql: `
      CREATE VIRTUAL TABLE event_mention_days USING rtree_i32 (mention_rowid, day_start, day_end, +event_id TEXT, +type TEXT);
      DELETE FROM corpus_state;
    `
  },
  {
    version: 9,
    name: 'search form folded with the letter table the pipeline uses (invisible characters, more letter variants)',
    // search_form() now uses src/text/letters.ts: every stored search form is computed again with it.
    sql: `
      DELETE FROM articles_fts;
      INSERT INTO articles_fts (rowid, title, body) SELECT rowid, search_form(title), search_form(body) FROM articles;
      DELETE FROM quotes_fts;
      INSERT INTO quotes_fts (rowid, text) SELECT rowid, search_form(text) FROM quotes;
      DELETE FROM entity_name_keys;
      INSERT OR IGNORE INTO entity_name_keys (key, entity_id)
        SELECT j.value, n.entity_id FROM (
          SELECT id AS entity_id, search_form(name) AS name FROM entities
          UNION SELECT id, search_form(name_en) FROM entities WHERE name_en IS NOT NULL
          UNION SELECT e.id, search_form(j.value) FROM entities e, json_each(e.aliases) j
        ) n, json_each(name_keys(n.name)) j;
    `
  },
  {
    version: 10,
    name: 'quotes enter their full-text index through the annotation writer; a first load records the indexes it defers',
    // AnnotationWriter writes each quote's full-text row with its search form, with the article's, at the end of the
    // batch (full-text.ts); a deleted quote still leaves the index through the quotes_fts_delete trigger.
    // deferred_indexes: the indexes a first load dropped and has not built again (bulk-load.ts).
    sql: `
      DROP TRIGGER quotes_fts_insert;
      CREATE TABLE deferred_indexes (
        name TEXT PRIMARY KEY,
        sql TEXT NOT NULL
      ) STRICT;
    `
  },
  {
    version: 11,
    name: 'each event as lists show it, its type and days, indexed for lists; windows of events whose key is later',
    // Filled by ReadModels.rebuild (read-models.ts); forgetting the last boot makes the next one build them.
    // events.listed: the Event of a list (aggregate, entities, first mentions), replacing the aggregate alone (summary);
    // type, day_min, day_max (days since 1970-01-01) beside the key in the walked indexes. event_spans: the mention
    // windows of events whose mentions begin before their key's day (see eventWalk in events.ts).
    sql: `
      ALTER TABLE events ADD COLUMN listed TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE events DROP COLUMN summary;
      ALTER TABLE events ADD COLUMN type TEXT;
      ALTER TABLE events ADD COLUMN day_min INTEGER;
      ALTER TABLE events ADD COLUMN day_max INTEGER;
      DROP INDEX events_by_recency;
      CREATE INDEX events_by_recency ON events (sort_key DESC, id, day_min, day_max, mentions);
      CREATE INDEX events_by_type ON events (type, sort_key DESC, id, day_min, day_max, mentions);
      CREATE VIRTUAL TABLE event_spans USING rtree_i32 (id, day_start, day_end, key_start, key_end, +event_id TEXT, +sort_key TEXT, +type TEXT);
      DELETE FROM corpus_state;
    `
  },
  {
    version: 12,
    name: 'indexes no statement uses dropped (each one more write per row at boot); the source index covers day filters',
    // articles_by_recency and quotes_by_speaker are prefixes of articles_listing and the two speaker indexes; day filters
    // are bounded on the recency key (articles.ts), windows on events are the R-trees' (read-models.ts). A first load
    // that was killed may have deferred them (bulk-load.ts): they are forgotten there too.
    sql: `
      DROP INDEX IF EXISTS articles_by_recency;
      DROP INDEX IF EXISTS articles_by_date;
      DROP INDEX IF EXISTS quotes_by_speaker;
      DROP INDEX IF EXISTS event_mentions_by_type_end;
      DROP INDEX IF EXISTS articles_by_source;
      DELETE FROM deferred_indexes
        WHERE name IN ('articles_by_recency', 'articles_by_date', 'quotes_by_speaker', 'event_mentions_by_type_end', 'articles_by_source');
      CREATE INDEX articles_by_source ON articles (source, sort_key DESC, id DESC, published_date);
    `
  },
  {
    version: 13,
    name: "each agreement's first mentions and their number, for lists",
    // Filled by ReadModels.rebuild (read-models.ts); forgetting the last boot makes the next one build them.
    sql: `
      ALTER TABLE agreements ADD COLUMN listed_mentions TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE agreements ADD COLUMN mention_count INTEGER NOT NULL DEFAULT 0;
      DELETE FROM corpus_state;
    `
  },
  {
    version: 14,
    name: 'the name index carries what a search shows of each entity, and which name a key would add to a full-text query',
    // A search reads its page of entities and the names it adds to its full-text query from the keys alone (search.ts):
    // name, name_en and type are the entity's (the writer rewrites an entity's keys whenever it writes the entity);
    // expands is the search form of the entity's name when the key is not part of it (Erdogan → أردوغان), else null.
    sql: `
      ALTER TABLE entity_name_keys ADD COLUMN name TEXT NOT NULL DEFAULT '';
      ALTER TABLE entity_name_keys ADD COLUMN name_en TEXT;
      ALTER TABLE entity_name_keys ADD COLUMN type TEXT NOT NULL DEFAULT '';
      ALTER TABLE entity_name_keys ADD COLUMN expands TEXT;
      UPDATE entity_name_keys SET (name, name_en, type, expands) = (
        SELECT e.name, e.name_en, e.type, CASE WHEN instr(f.form, entity_name_keys.key) > 0 THEN NULL ELSE f.form END
        FROM entities e, (SELECT search_form(e2.name) AS form FROM entities e2 WHERE e2.id = entity_name_keys.entity_id) f
        WHERE e.id = entity_name_keys.entity_id);
    `
  },
  {
    version: 15,
    name: 'a name key adds its entity’s name to a search only when it names the entity, indexed apart; each key carries its search item',
    // What a key adds is now nameIndexKeys' rule (search/fold.ts, as the writer's rows: entity_name_rows, database.ts):
    // a whole name or words of the English name, no longer any words of an alias (السعودية added every Saudi body whose
    // alias says it). The rule only narrows, so only keys that added a name are looked at. The search reads the keys that add one through their own index, not through
    // every key of a word (150 for السعودية at 60k). item: the entity's search item as JSON (search.ts sends it as
    // stored), replacing the name, English name and type it was made from (type was never read).
    sql: `
      UPDATE entity_name_keys SET expands = (
          SELECT n.expands FROM entities e, entity_name_rows(e.id, e.name, json_quote(e.name_en), e.aliases) n
          WHERE e.id = entity_name_keys.entity_id AND n.key = entity_name_keys.key)
        WHERE expands IS NOT NULL;
      CREATE INDEX entity_name_expansions ON entity_name_keys (key, entity_id, expands) WHERE expands IS NOT NULL;
      ALTER TABLE entity_name_keys ADD COLUMN item TEXT NOT NULL DEFAULT '{}';
      UPDATE entity_name_keys SET item = json_object('kind', 'entity', 'id', entity_id, 'label', name, 'snippet', name_en, 'articleId', NULL);
      ALTER TABLE entity_name_keys DROP COLUMN name;
      ALTER TABLE entity_name_keys DROP COLUMN name_en;
      ALTER TABLE entity_name_keys DROP COLUMN type;
    `
  },
  {
    version: 16,
    name: 'the R-tree of spanning events has the event type as a dimension',
    // A window query for one type (eventWalk in events.ts) read every type's entries in the window and dropped the
    // others by their stored type; the type's code (columns.ts eventTypeCode) as a third dimension leaves them in the
    // tree. The entries are copied over, so the read models need no rebuild.
    sql: `
      CREATE VIRTUAL TABLE event_spans_typed USING rtree_i32 (id, day_start, day_end, key_start, key_end, type_start, type_end, +event_id TEXT, +sort_key TEXT, +type TEXT);
      INSERT INTO event_spans_typed (id, day_start, day_end, key_start, key_end, type_start, type_end, event_id, sort_key, type)
        SELECT id, day_start, day_end, key_start, key_end, event_type_code(type), event_type_code(type), event_id, sort_key, type FROM event_spans;
      DROP TABLE event_spans;
      ALTER TABLE event_spans_typed RENAME TO event_spans;
    `
  },
  {
    version: 17,
    name: 'a quote’s full-text row is keyed by its article’s day, then its rowid: a word’s statements newest day first',
    // A search listed a word's statements by reading every match's quote and article to sort them (436 for أردوغان at
    // 60k, ~190 µs; 10× as many at 600k). Keyed by day (columns.ts quoteFtsKey), the index gives them newest day first,
    // and a page reads its last day's matches and the newer ones (search.ts). fts_key: the quote's key, which the
    // delete trigger needs (the article may have changed or gone by then). The index is written again in key order.
    sql: `
      ALTER TABLE quotes ADD COLUMN fts_key INTEGER NOT NULL DEFAULT 0;
      UPDATE quotes SET fts_key = quote_fts_key(a.sort_key, quotes.rowid) FROM articles a WHERE a.rowid = quotes.article_rowid;
      INSERT INTO quotes_fts (quotes_fts) VALUES ('delete-all');
      INSERT INTO quotes_fts (rowid, text) SELECT fts_key, search_form(text) FROM quotes ORDER BY fts_key;
      INSERT INTO quotes_fts (quotes_fts) VALUES ('optimize');
      DROP TRIGGER quotes_fts_delete;
      CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        DELETE FROM quotes_fts WHERE rowid = old.fts_key;
      END;
    `
  }
]
