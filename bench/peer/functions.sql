-- Bench-only SQL for the PostGraphile peer, installed into the bench database (never into the
-- project's migrations): previous/next as computed columns, an entity's recent articles and a
-- search, each with the same visibility rule and ordering as Broadsheet.
--
-- Tuned as PostGraphile's maintainers advise: previous/next are `setof` functions with `rows 1`,
-- which PostgreSQL inlines into PostGraphile's statement (a function returning one composite row
-- is never inlined: it runs as a separate plan per article), exposed as a list (smart tag) of at
-- most one article. Their earlier single-row versions are dropped first (same name and argument).
-- Bodies may name what the server's migrations add on its first start (a reused bench database).
set check_function_bodies = off;

drop function if exists articles_previous(articles);
drop function if exists articles_next(articles);

create function articles_previous(a articles) returns setof articles language sql stable rows 1 as $$
  select p.* from articles p
   where p.status in ('PUBLISHED', 'SCHEDULED') and p.published_at <= now()
     and (p.published_at, p.id) < (a.published_at, a.id)
   order by p.published_at desc, p.id desc limit 1
$$;
comment on function articles_previous(articles) is E'@behavior -connection +list';

create function articles_next(a articles) returns setof articles language sql stable rows 1 as $$
  select n.* from articles n
   where n.status in ('PUBLISHED', 'SCHEDULED') and n.published_at <= now()
     and (n.published_at, n.id) > (a.published_at, a.id)
   order by n.published_at asc, n.id asc limit 1
$$;
comment on function articles_next(articles) is E'@behavior -connection +list';

-- An entity's newest visible articles through the mention rows' copies of the article's status and
-- publication time, in page order: article_entities_entity_page_idx, the index Broadsheet's entity
-- page reads (migration 20261127150000); the visibility is literal SQL, so the index's predicate
-- matches in PostGraphile's generic plans too.
create or replace function entities_recent_articles(e entities) returns setof articles language sql stable as $$
  select a.* from article_entities ae join articles a on a.id = ae.article_id
   where ae.entity_id = e.id and ae.article_status in ('PUBLISHED', 'SCHEDULED') and ae.article_published_at <= now()
   order by ae.article_published_at desc, ae.article_id desc
$$;

-- The aliases the public sees: Broadsheet keeps them on the entity row (entities.public_aliases,
-- migration 20261202100000, refreshed before measuring); PostGraphile exposes that column as
-- `publicAliases`, which the peer's entity page reads. (A function of that name computed them per
-- read before; it would now clash with the column.)
drop function if exists entities_public_aliases(entities);

-- The list's condition `status: PUBLISHED` reaches PostgreSQL as a parameter; a generic plan cannot
-- use a partial index whose predicate would need that parameter's value, so the peer gets a plain
-- index in its list's order.
create index if not exists bench_peer_articles_status_published_idx on articles (status, published_at desc, id desc);

-- Relevance within recency windows, as Broadsheet ranks (src/db/queries/article-search.ts): the
-- visible matches newest first in windows of 200 (Broadsheet's default SEARCH_RANK_WINDOW), ranked
-- within each. PostGraphile inlines this function and puts its `first` as a LIMIT around it, and
-- a LIMIT can only stop the walk early if nothing sorts its whole output: the walk emits each
-- window's results already ordered (hits in rank order, then the next window), so there is no final
-- ORDER BY, and every match is still reachable. Windows are found as Broadsheet finds them: probes
-- over growing times back from the window's upper bound through the (search, published_at) GIN
-- index; near the archive's start from below; every match once a probe would be wider than
-- 4 sqrt(N * 200) articles. The visibility's time test is written `is true`
-- to keep it out of the GIN index condition.
create or replace function search_articles(query text) returns setof articles language sql stable as $$
  with recursive
  query as (select websearch_to_tsquery('english', query) as q),
  archive as (
    select oldest, newest, per_article, greatest(per_article * 200, interval '1 millisecond') as first_span, 4 * sqrt(n * 200) as reach
      from (select oldest, newest, n, (newest - oldest) / n as per_article
              from (select (select published_at from articles where status in ('PUBLISHED', 'SCHEDULED') order by published_at limit 1) as oldest,
                           (select published_at from articles where status in ('PUBLISHED', 'SCHEDULED') and published_at <= now()
                             order by published_at desc limit 1) as newest,
                           greatest((select reltuples from pg_class where oid = 'articles'::regclass), 1)::float8 as n) x) y
  ),
  walk(kind, k, span, u_at, u_id, id) as (
    select 'state', 0, first_span, null::timestamptz, null::int, null::int from archive
    union all
    select n.* from walk s cross join archive
    cross join lateral (
      select case
               when archive.newest is null then 'plain'
               when isfinite(s.u_at) and extract(epoch from s.u_at - archive.oldest) / extract(epoch from archive.per_article) <= archive.reach then 'below'
               when extract(epoch from s.span) / extract(epoch from archive.per_article) <= archive.reach
                    and least(s.u_at, archive.newest) - s.span > archive.oldest then 'above'
               else 'plain'
             end as mode,
             least(s.u_at, archive.newest) - s.span as lo
      offset 0
    ) p
    cross join lateral (
      with cand as materialized (
        select * from (
          select a.id, a.published_at, a.search from articles a, query
           where p.mode = 'above' and a.search @@ query.q and a.published_at >= p.lo
             and (s.u_at is null or (a.published_at, a.id) < (s.u_at, s.u_id))
             and a.status in ('PUBLISHED', 'SCHEDULED') and (a.published_at <= now()) is true
          union all
          select a.id, a.published_at, a.search from articles a, query
           where p.mode = 'below' and a.search @@ query.q and a.published_at <= s.u_at
             and (a.published_at, a.id) < (s.u_at, s.u_id) and a.status in ('PUBLISHED', 'SCHEDULED') and (a.published_at <= now()) is true
          union all
          select a.id, a.published_at, a.search from articles a, query
           where p.mode = 'plain' and a.search @@ query.q
             and (s.u_at is null or (a.published_at, a.id) < (s.u_at, s.u_id))
             and a.status in ('PUBLISHED', 'SCHEDULED') and (a.published_at <= now()) is true
        ) c
        -- Broadsheet's key: the published_at btree cannot produce this order, so the planner does not
        -- walk it newest first testing every article with @@.
        order by coalesce(published_at, 'infinity'::timestamptz) desc, id desc limit 200
      ),
      w as (
        select (select published_at from cand order by published_at, id limit 1) as bottom_at,
               (select id from cand order by published_at, id limit 1) as bottom_id,
               (select max(published_at) - min(published_at) from cand) as width,
               count(*) < 200 as last
          from cand
        having p.mode <> 'above' or count(*) >= 200
      ),
      hits as materialized (
        select c.id from cand c, w order by ts_rank_cd(c.search, (select q from query)) desc, c.id desc
      )
      select 'hit', null::int, null::interval, null::timestamptz, null::int, h.id from hits h
      union all
      select 'state', 0, greatest(archive.first_span, w.width * 1.5), w.bottom_at, w.bottom_id, null from w where not w.last
      union all
      select 'state', s.k + 1, s.span * least(64, greatest(2, 1.5 * 200 / greatest((select count(*) from cand), 1))), s.u_at, s.u_id, null
       where not exists (select 1 from w)
    ) n
    where s.kind = 'state'
  )
  -- offset 0 keeps this a lateral step per hit (a plain join could be reordered by id)
  select a.* from walk h cross join lateral (select * from articles a where a.id = h.id offset 0) a where h.kind = 'hit'
$$;

-- PostGraphile 5 offers ordering and conditions only on indexed columns and ignores partial
-- indexes; these smart tags give it the orderings the article list and page need.
comment on column articles.published_at is E'@behavior +orderBy +filterBy';
comment on column articles.status is E'@behavior +filterBy';
comment on column article_entities.salience is E'@behavior +orderBy';
comment on column article_entities.mention_count is E'@behavior +orderBy';
