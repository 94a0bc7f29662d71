-- Bench-only SQL for the PostGraphile peer, installed into the bench database (never into the
-- project's migrations): previous/next as computed columns, an entity's recent articles and a
-- search, each with the same visibility rule and ordering as Broadsheet.
create or replace function articles_previous(a articles) returns articles language sql stable as $$
  select p.* from articles p
   where p.status in ('PUBLISHED', 'SCHEDULED') and p.published_at <= now()
     and (p.published_at, p.id) < (a.published_at, a.id)
   order by p.published_at desc, p.id desc limit 1
$$;

create or replace function articles_next(a articles) returns articles language sql stable as $$
  select n.* from articles n
   where n.status in ('PUBLISHED', 'SCHEDULED') and n.published_at <= now()
     and (n.published_at, n.id) > (a.published_at, a.id)
   order by n.published_at asc, n.id asc limit 1
$$;

create or replace function entities_recent_articles(e entities) returns setof articles language sql stable as $$
  select a.* from articles a
   where a.status in ('PUBLISHED', 'SCHEDULED') and a.published_at <= now()
     and exists (select 1 from article_entities ae where ae.article_id = a.id and ae.entity_id = e.id)
   order by a.published_at desc, a.id desc
$$;

create or replace function search_articles(query text) returns setof articles language sql stable as $$
  select a.* from articles a, websearch_to_tsquery('english', query) q
   where a.search @@ q and a.status in ('PUBLISHED', 'SCHEDULED') and a.published_at <= now()
   order by ts_rank_cd(a.search, q) desc, a.id desc
$$;


-- PostGraphile 5 offers ordering and conditions only on indexed columns and ignores partial
-- indexes; these smart tags give it the orderings the article list and page need.
comment on column articles.published_at is E'@behavior +orderBy +filterBy';
comment on column articles.status is E'@behavior +filterBy';
comment on column article_entities.salience is E'@behavior +orderBy';
comment on column article_entities.mention_count is E'@behavior +orderBy';
