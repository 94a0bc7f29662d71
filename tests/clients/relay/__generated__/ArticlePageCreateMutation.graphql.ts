/**
 * @generated SignedSource<<d2d617b863a76a2c71d99fb3c0d39dfa>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type ArticleStatus = "ARCHIVED" | "DRAFT" | "PUBLISHED" | "SCHEDULED" | "%future added value";
export type ValidationReason = "INVALID_FORMAT" | "NOT_ALLOWED" | "OUT_OF_RANGE" | "REQUIRED" | "TAKEN" | "TOO_LONG" | "%future added value";
export type CreateArticleInput = {
  body: string;
  canonicalUrl?: string | null | undefined;
  externalId?: string | null | undefined;
  language?: string | null | undefined;
  metaDescription?: string | null | undefined;
  metaTitle?: string | null | undefined;
  noindex?: boolean | null | undefined;
  publishedAt?: string | null | undefined;
  section?: string | null | undefined;
  slug?: string | null | undefined;
  standfirst?: string | null | undefined;
  title: string;
};
export type ArticlePageCreateMutation$variables = {
  input: CreateArticleInput;
};
export type ArticlePageCreateMutation$data = {
  readonly createArticle: {
    readonly __typename: string;
    readonly article?: {
      readonly id: string;
      readonly slug: string;
      readonly status: ArticleStatus;
      readonly title: string;
      readonly version: number;
    };
    readonly code?: string;
    readonly field?: string;
    readonly message?: string;
    readonly reason?: ValidationReason;
  };
};
export type ArticlePageCreateMutation = {
  response: ArticlePageCreateMutation$data;
  variables: ArticlePageCreateMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "input"
  }
],
v1 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "input",
        "variableName": "input"
      }
    ],
    "concreteType": null,
    "kind": "LinkedField",
    "name": "createArticle",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "__typename",
        "storageKey": null
      },
      {
        "kind": "InlineFragment",
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "Article",
            "kind": "LinkedField",
            "name": "article",
            "plural": false,
            "selections": [
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "id",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "slug",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "title",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "status",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "version",
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "type": "CreateArticleSuccess",
        "abstractKey": null
      },
      {
        "kind": "InlineFragment",
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "code",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "field",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "message",
            "storageKey": null
          }
        ],
        "type": "MutationError",
        "abstractKey": "__isMutationError"
      },
      {
        "kind": "InlineFragment",
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "reason",
            "storageKey": null
          }
        ],
        "type": "ValidationError",
        "abstractKey": null
      }
    ],
    "storageKey": null
  }
];
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "ArticlePageCreateMutation",
    "selections": (v1/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "ArticlePageCreateMutation",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "6c1fcd42321b3807feb1b9a456c799ac",
    "id": null,
    "metadata": {},
    "name": "ArticlePageCreateMutation",
    "operationKind": "mutation",
    "text": "mutation ArticlePageCreateMutation(\n  $input: CreateArticleInput!\n) {\n  createArticle(input: $input) {\n    __typename\n    ... on CreateArticleSuccess {\n      article {\n        id\n        slug\n        title\n        status\n        version\n      }\n    }\n    ... on MutationError {\n      __isMutationError: __typename\n      code\n      field\n      message\n    }\n    ... on ValidationError {\n      reason\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "e9047a09cd9dfa27fc2f91ed19f0be0a";

export default node;
