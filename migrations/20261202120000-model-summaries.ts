import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// Model-backed summaries (src/content/summary-model.ts), from an OpenAI-compatible endpoint.
//
// - summaries.method gains MODEL; a MODEL row names its model and prompt version.
// - summaries.generator: what produced (or decided) a generated row: 'extractive', or the
//   configured model and prompt version ('model:<model>@<prompt version>'). A generated row answers
//   only while it matches the server's current generator, so turning the model on, off, or changing
//   the model or prompt version regenerates summaries on their next request, as a changed body does.
// - summaries.retry_at: set on the extractive fallback after a transient failure (timeout, error,
//   budget exhausted): the fallback answers until then, and the next request after it may try the
//   model again. Null: final for this body and generator.
// - summary_model_runs: one row per (article, length, body hash, model, prompt version), inserted
//   before the model is called: the insert is the claim, so concurrent requests on any instance
//   call the model once for a key. It keeps the model's text and the outcome, and is the review
//   queue (state PENDING_REVIEW) when SUMMARY_REVIEW=required.
// - summary_model_budget: model calls granted per minute, across instances.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter type summary_method add value 'MODEL';

    alter table summaries
      add column model text,
      add column prompt_version text,
      add column generator text not null default 'extractive',
      add column retry_at timestamptz;

    create type summary_model_state as enum
      ('RUNNING', 'OK', 'PENDING_REVIEW', 'APPROVED', 'EDITED', 'REJECTED', 'REFUSED', 'TIMEOUT', 'ERROR', 'BUDGET');

    create table summary_model_runs (
      id integer generated always as identity primary key,
      article_id integer not null references articles (id) on delete cascade,
      length summary_length not null,
      body_hash text not null,
      model text not null,
      prompt_version text not null,
      state summary_model_state not null default 'RUNNING',
      text text,
      detail text,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      unique (article_id, length, body_hash, model, prompt_version)
    );
    create index summary_model_runs_pending_idx on summary_model_runs (finished_at, id) where state = 'PENDING_REVIEW';

    create table summary_model_budget (
      window_start timestamptz primary key,
      calls integer not null,
      granted integer not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table summary_model_budget;
    drop table summary_model_runs;
    drop type summary_model_state;
    delete from summaries where method = 'MODEL';
    alter table summaries drop column model, drop column prompt_version, drop column generator, drop column retry_at;
    alter type summary_method rename to summary_method_old;
    create type summary_method as enum ('EDITORIAL', 'EXTRACTIVE');
    alter table summaries alter column method type summary_method using method::text::summary_method;
    drop type summary_method_old;
  `.execute(db);
}
