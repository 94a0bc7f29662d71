import { describe, expect, it } from 'vitest';
import { createContentChanges } from '../src/changes.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/database.js';
import { createHttpPlugins } from '../src/http/plugins.js';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:4000 and the embedded database with demo content', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 4000,
      databaseUrl: undefined,
      seedDemo: true,
      embeddedPort: 54329,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('seeds nothing on a given database unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('stops with a message naming the variable for a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(
      'Invalid configuration: PORT="eighty" (expected an integer from 0 to 65535)',
    );
    expect(() => loadConfig({ PORT: '70000' })).toThrow('PORT="70000"');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      'DATABASE_URL="mysql://x" (expected a postgres:// or postgresql:// URL)',
    );
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow('NODE_ENV="staging"');
    expect(() => loadConfig({ SEED_DEMO: 'maybe' })).toThrow('SEED_DEMO="maybe" (expected true or false)');
    expect(() => loadConfig({ DB_POOL_MAX: '0' })).toThrow('DB_POOL_MAX="0"');
    expect(() => loadConfig({ SUBSCRIPTION_MAX_BUFFERED_BYTES: '1000' })).toThrow(
      'SUBSCRIPTION_MAX_BUFFERED_BYTES="1000" (expected an integer from 16384 to 1073741824)',
    );
    expect(loadConfig({ SUBSCRIPTION_MAX_BUFFERED_BYTES: '65536' }).http.subscriptionMaxBufferedBytes).toBe(65536);
    expect(() => loadConfig({ SUBSCRIPTION_MAX_BUFFERED_BYTES_TOTAL: 'lots' })).toThrow(
      'SUBSCRIPTION_MAX_BUFFERED_BYTES_TOTAL="lots"',
    );
    expect(() => loadConfig({ CHANGE_FEED_RETENTION_HOURS: '0' })).toThrow(
      'CHANGE_FEED_RETENTION_HOURS="0" (expected an integer from 1 to 8760)',
    );
    expect(loadConfig({ CHANGE_FEED_RETENTION_HOURS: '48' }).changeFeedRetentionHours).toBe(48);
    expect(loadConfig({}).changeFeedRetentionHours).toBe(24);
  });

  it('reads the summary model settings: none by default, all validated', () => {
    expect(loadConfig({}).summaryModel).toBeUndefined();
    const url = 'http://127.0.0.1:11434/v1';
    expect(loadConfig({ SUMMARY_MODEL_URL: url, SUMMARY_MODEL: 'llama3.1:8b' }).summaryModel).toEqual({
      url,
      model: 'llama3.1:8b',
      apiKey: undefined,
      timeoutMs: 20_000,
      maxCallsPerMinute: 30,
      maxTokens: 400,
      maxInputChars: 20_000,
      retryAfterMs: 600_000,
      review: 'none',
    });
    expect(
      loadConfig({
        SUMMARY_MODEL_URL: url,
        SUMMARY_MODEL: 'm',
        SUMMARY_MODEL_API_KEY: 'sk-1',
        SUMMARY_REVIEW: 'required',
      }).summaryModel,
    ).toMatchObject({ apiKey: 'sk-1', review: 'required' });
    expect(() => loadConfig({ SUMMARY_MODEL_URL: 'ftp://x' })).toThrow(
      'SUMMARY_MODEL_URL="ftp://x" (expected a URL starting with http:// or https://)',
    );
    expect(() => loadConfig({ SUMMARY_MODEL_URL: url })).toThrow(
      'SUMMARY_MODEL="" (expected a model name when SUMMARY_MODEL_URL is set)',
    );
    expect(() => loadConfig({ SUMMARY_MODEL: 'm' })).toThrow(
      'SUMMARY_MODEL="m" (expected SUMMARY_MODEL_URL to be set too)',
    );
    expect(() => loadConfig({ SUMMARY_MODEL_URL: url, SUMMARY_MODEL: 'm', SUMMARY_MODEL_API_KEY: 'a b' })).toThrow(
      'SUMMARY_MODEL_API_KEY="<hidden>"',
    );
    expect(() => loadConfig({ SUMMARY_MODEL_URL: url, SUMMARY_MODEL: 'm', SUMMARY_MODEL_TIMEOUT_MS: '50' })).toThrow(
      'SUMMARY_MODEL_TIMEOUT_MS="50"',
    );
    expect(() =>
      loadConfig({ SUMMARY_MODEL_URL: url, SUMMARY_MODEL: 'm', SUMMARY_MODEL_MAX_CALLS_PER_MINUTE: '0' }),
    ).toThrow('SUMMARY_MODEL_MAX_CALLS_PER_MINUTE="0"');
    expect(() => loadConfig({ SUMMARY_REVIEW: 'sometimes' })).toThrow(
      'SUMMARY_REVIEW="sometimes" (expected one of none, required)',
    );
  });

  it('reads CORS_ORIGINS as * (the default) or a list of origins', () => {
    expect(loadConfig({}).httpPlugins.corsOrigins).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: '*' }).httpPlugins.corsOrigins).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: 'https://news.example, http://localhost:3000' }).httpPlugins.corsOrigins).toEqual(
      ['https://news.example', 'http://localhost:3000'],
    );
    for (const bad of [
      'news.example',
      'https://news.example/',
      'https://news.example/path',
      'ftp://news.example',
      'https://*.example',
    ]) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(
        `CORS_ORIGINS=${JSON.stringify(bad)} (expected * or comma-separated origins`,
      );
    }
  });

  it('reads read replicas and PgBouncer settings, and names the setting of a bad one', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@primary/db',
      DATABASE_REPLICA_URLS: ' postgres://u@r1/db , postgresql://u@r2:5433/db,',
    });
    expect(config).toMatchObject({
      replicaUrls: ['postgres://u@r1/db', 'postgresql://u@r2:5433/db'],
      replicaMaxLagMs: 5000,
      pgbouncer: false,
      databaseDirectUrl: 'postgres://u@primary/db',
      preparedStatementsMax: 64,
    });
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://u@p/db', DATABASE_REPLICA_URLS: 'postgres://u@r1/db,r2:5432' }),
    ).toThrow(
      'DATABASE_REPLICA_URLS="r2:5432" (expected comma-separated postgres:// or postgresql:// URLs; item 2 is not one)',
    );
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://u@r1/db' })).toThrow(
      'DATABASE_REPLICA_URLS="postgres://u@r1/db" (expected unset when DATABASE_URL is',
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@p/db', DATABASE_REPLICA_MAX_LAG_MS: '10' })).toThrow(
      'DATABASE_REPLICA_MAX_LAG_MS="10"',
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@p/db', DATABASE_DIRECT_URL: 'http://p' })).toThrow(
      'DATABASE_DIRECT_URL="http://p"',
    );
    // Behind PgBouncer 1.18 named statements would reach server connections that never prepared them.
    const bounced = loadConfig({
      DATABASE_URL: 'postgres://u@bouncer:6432/db',
      DATABASE_PGBOUNCER: 'true',
      DATABASE_DIRECT_URL: 'postgres://u@primary/db',
    });
    expect(bounced).toMatchObject({
      pgbouncer: true,
      preparedStatementsMax: 0,
      replicaPreparedStatementsMax: 64,
      databaseDirectUrl: 'postgres://u@primary/db',
    });
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@b/db', DATABASE_PGBOUNCER: 'true', PREPARED_STATEMENTS_MAX: '64' })
        .preparedStatementsMax,
    ).toBe(64);
    expect(() => loadConfig({ DATABASE_PGBOUNCER: 'true' })).toThrow(
      'DATABASE_PGBOUNCER="true" (expected false when DATABASE_URL is unset)',
    );
  });

  it('reads the feeds settings: defaults, and a clear error for each bad value', () => {
    expect(loadConfig({}).feeds).toEqual({
      publicSiteUrl: 'http://localhost:3000',
      publicApiUrl: 'http://localhost:4000',
      articleUrlTemplate: '/articles/{slug}',
      sectionUrlTemplate: '/sections/{slug}',
      entityUrlTemplate: '/topics/{slug}',
      tagUrlTemplate: '/tags/{slug}',
      authorUrlTemplate: '/authors/{slug}',
      siteTitle: 'Broadsheet',
      siteLanguage: 'en',
      itemLimit: 50,
      sitemapPageSize: 10_000,
    });
    const feeds = loadConfig({
      PUBLIC_SITE_URL: 'https://news.example/',
      ARTICLE_URL_TEMPLATE: '/{section}/{yyyy}/{mm}/{dd}/{slug}-{id}',
      SITE_LANGUAGE: 'zh-tw',
      FEED_ITEMS: '200',
      SITEMAP_PAGE_SIZE: '10',
    }).feeds;
    expect(feeds).toMatchObject({
      publicSiteUrl: 'https://news.example',
      articleUrlTemplate: '/{section}/{yyyy}/{mm}/{dd}/{slug}-{id}',
      siteLanguage: 'zh-tw',
      itemLimit: 200,
      sitemapPageSize: 10,
    });
    expect(Object.isFrozen(feeds)).toBe(true);
    expect(() => loadConfig({ PUBLIC_SITE_URL: 'news.example' })).toThrow(
      'PUBLIC_SITE_URL="news.example" (expected an http:// or https:// URL',
    );
    expect(() => loadConfig({ PUBLIC_API_URL: 'https://api.example/?a=1' })).toThrow('PUBLIC_API_URL=');
    expect(() => loadConfig({ ARTICLE_URL_TEMPLATE: '/articles/{title}' })).toThrow(
      'ARTICLE_URL_TEMPLATE="/articles/{title}" (expected a path starting with /',
    );
    expect(() => loadConfig({ ARTICLE_URL_TEMPLATE: '/articles/{section}' })).toThrow('ARTICLE_URL_TEMPLATE=');
    expect(() => loadConfig({ ARTICLE_URL_TEMPLATE: 'articles/{slug}' })).toThrow('ARTICLE_URL_TEMPLATE=');
    expect(() => loadConfig({ ARTICLE_URL_TEMPLATE: '/a/{slug}?x=1' })).toThrow('ARTICLE_URL_TEMPLATE=');
    expect(
      loadConfig({ AUTHOR_URL_TEMPLATE: '/people/{slug}', TAG_URL_TEMPLATE: '/topic/{slug}' }).feeds,
    ).toMatchObject({ authorUrlTemplate: '/people/{slug}', tagUrlTemplate: '/topic/{slug}' });
    expect(() => loadConfig({ AUTHOR_URL_TEMPLATE: '/people/{id}' })).toThrow(
      'AUTHOR_URL_TEMPLATE="/people/{id}" (expected a path starting with /',
    );
    expect(() => loadConfig({ TAG_URL_TEMPLATE: '/tags' })).toThrow('TAG_URL_TEMPLATE=');
    expect(() => loadConfig({ SECTION_URL_TEMPLATE: '/sections/{id}' })).toThrow('SECTION_URL_TEMPLATE=');
    expect(() => loadConfig({ SITE_LANGUAGE: 'English' })).toThrow('SITE_LANGUAGE="English" (expected an ISO 639 code');
    expect(() => loadConfig({ FEED_ITEMS: '201' })).toThrow('FEED_ITEMS="201" (expected an integer from 1 to 200)');
    expect(() => loadConfig({ SITEMAP_PAGE_SIZE: '50001' })).toThrow(
      'SITEMAP_PAGE_SIZE="50001" (expected an integer from 1 to 50000)',
    );
  });

  it('reads, where nothing is set, the limits an app given none enforces', () => {
    const config = loadConfig({ NODE_ENV: 'production' }).httpPlugins;
    // createHttpPlugins() only keeps the database handle until a request or a readiness check uses it.
    const http = createHttpPlugins({} as Db, {}, '/graphql', undefined, undefined, createContentChanges());
    for (const [name, value] of Object.entries(http.limits))
      expect(config[name as keyof typeof config], name).toBe(value);
    expect(http.maxBodyBytes).toBe(config.maxBodyBytes);
    expect(http.maxRequestBodySize).toBe(config.maxBodyBytesAuthenticated);
    expect(http.yoga.batching).toEqual({ limit: config.maxBatch });
    expect(http.subscriptions).toMatchObject({
      max: config.subscriptionsMax,
      maxPerClient: config.subscriptionsMaxPerClient,
    });
  });
});
