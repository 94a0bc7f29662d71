import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// Languages and translations.
//
// - articles.language: a BCP 47 tag in canonical case (the API and the importer validate it with
//   Intl.getCanonicalLocales); existing articles are English.
// - articles.translation_group: versions of one story in other languages share it (the id of the
//   article the group started from); at most one article per language in a group.
// - broadsheet_ts_config(language): the text-search configuration of a language, by its primary
//   subtag, for the languages every supported PostgreSQL (13 and later) ships a stemmer for;
//   'simple' (no stemming, no stop words) for every other. The search column is made with the
//   article's own configuration.
// - search_configs_in_use: the configurations articles use. A search parses its words with each of
//   them and ORs the queries (broadsheet_tsquery_or), so that an English "elections" finds an
//   English article and a French "élections" a French one; a search with a language filter parses
//   them with that language's only. A trigger keeps the table for every writer; it never shrinks
//   (a configuration no article uses any more costs one more parse, nothing else).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function broadsheet_ts_config(language text) returns regconfig language sql immutable strict parallel safe as $fn$
      select (case lower(split_part(language, '-', 1))
        when 'ar' then 'arabic' when 'da' then 'danish' when 'nl' then 'dutch' when 'en' then 'english'
        when 'fi' then 'finnish' when 'fr' then 'french' when 'de' then 'german' when 'el' then 'greek'
        when 'hu' then 'hungarian' when 'id' then 'indonesian' when 'ga' then 'irish' when 'it' then 'italian'
        when 'lt' then 'lithuanian' when 'ne' then 'nepali' when 'no' then 'norwegian' when 'nb' then 'norwegian'
        when 'nn' then 'norwegian' when 'pt' then 'portuguese' when 'ro' then 'romanian' when 'ru' then 'russian'
        when 'es' then 'spanish' when 'sv' then 'swedish' when 'ta' then 'tamil' when 'tr' then 'turkish'
        else 'simple' end)::regconfig
    $fn$;

    create aggregate broadsheet_tsquery_or(tsquery) (sfunc = tsquery_or, stype = tsquery);

    alter table articles
      add column language text not null default 'en' check (length(language) between 2 and 35),
      add column translation_group integer;
    create unique index articles_translation_group_language_idx on articles (translation_group, language) where translation_group is not null;

    drop index articles_search_published_idx;
    drop index articles_search_unpublished_idx;
    alter table articles drop column search;
    alter table articles add column search tsvector generated always as (
      setweight(to_tsvector(broadsheet_ts_config(language), title), 'A') ||
      setweight(to_tsvector(broadsheet_ts_config(language), coalesce(standfirst, '')), 'B') ||
      setweight(to_tsvector(broadsheet_ts_config(language), body), 'C')
    ) stored;
    create index articles_search_published_idx on articles using gin (search, published_at);
    create index articles_search_unpublished_idx on articles using gin (search) where published_at is null;

    create table search_configs_in_use (config regconfig primary key);
    insert into search_configs_in_use values ('english');
    create function articles_note_search_config() returns trigger language plpgsql as $$
    begin
      insert into search_configs_in_use values (broadsheet_ts_config(new.language)) on conflict do nothing;
      return null;
    end $$;
    create trigger articles_note_search_config after insert or update of language on articles
      for each row execute function articles_note_search_config();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger articles_note_search_config on articles;
    drop function articles_note_search_config();
    drop table search_configs_in_use;
    drop index articles_search_published_idx;
    drop index articles_search_unpublished_idx;
    alter table articles drop column search;
    alter table articles add column search tsvector generated always as (
      setweight(to_tsvector('english', title), 'A') ||
      setweight(to_tsvector('english', coalesce(standfirst, '')), 'B') ||
      setweight(to_tsvector('english', body), 'C')
    ) stored;
    create index articles_search_published_idx on articles using gin (search, published_at);
    create index articles_search_unpublished_idx on articles using gin (search) where published_at is null;
    drop index articles_translation_group_language_idx;
    alter table articles drop column translation_group, drop column language;
    drop aggregate broadsheet_tsquery_or(tsquery);
    drop function broadsheet_ts_config(text);
  `.execute(db);
}
