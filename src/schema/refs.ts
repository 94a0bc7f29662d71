import { builder } from '../builder.js';
import type {
  ArticleRow,
  AuthorRow,
  BylineRow,
  EntityRow,
  SectionRow,
  SummaryLength,
  SummaryMethod,
  TagRow,
} from '../db/tables.js';

// Object refs live apart from their implementations so that types can point at each other
// without import cycles.

export const ArticleRef = builder.objectRef<ArticleRow>('Article');
export const EntityRef = builder.objectRef<EntityRow>('Entity');
export const SectionRef = builder.objectRef<SectionRow>('Section');
export const AuthorRef = builder.objectRef<AuthorRow>('Author');
export const BylineRef = builder.objectRef<BylineRow>('Byline');
export const TagRef = builder.objectRef<TagRow>('Tag');

export interface SummaryShape {
  articleId: number;
  length: SummaryLength;
  text: string;
  method: SummaryMethod;
  generatedAt: Date;
  model: string | null;
  promptVersion: string | null;
}
export const SummaryRef = builder.objectRef<SummaryShape>('Summary');
