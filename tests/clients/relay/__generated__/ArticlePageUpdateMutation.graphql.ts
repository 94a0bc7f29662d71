/**
 * @generated SignedSource<<4e91ecec1c60b2e7cb0b530221f77996>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type UpdateArticleInput = {
  body?: string | null | undefined;
  canonicalUrl?: string | null | undefined;
  expectedVersion: number;
  id: string;
  language?: string | null | undefined;
  metaDescription?: string | null | undefined;
  metaTitle?: string | null | undefined;
  noindex?: boolean | null | undefined;
  section?: string | null | undefined;
  slug?: string | null | undefined;
  standfirst?: string | null | undefined;
  substantive?: boolean | null | undefined;
  title?: string | null | undefined;
};
export type ArticlePageUpdateMutation$variables = {
  input: UpdateArticleInput;
};
export type ArticlePageUpdateMutation$data = {
  readonly updateArticle: {
    readonly __typename: string;
    readonly article?: {
      readonly id: string;
      readonly " $fragmentSpreads": FragmentRefs<"ArticlePage_headline">;
    };
    readonly code?: string;
    readonly field?: string;
    readonly message?: string;
  };
};
export type ArticlePageUpdateMutation = {
  response: ArticlePageUpdateMutation$data;
  variables: ArticlePageUpdateMutation$variables;
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
    "kind": "Variable",
    "name": "input",
    "variableName": "input"
  }
],
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "__typename",
  "storageKey": null
},
v3 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v4 = {
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
};
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "ArticlePageUpdateMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "updateArticle",
        "plural": false,
        "selections": [
          (v2/*:: as any*/),
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
                  (v3/*:: as any*/),
                  {
                    "args": null,
                    "kind": "FragmentSpread",
                    "name": "ArticlePage_headline"
                  }
                ],
                "storageKey": null
              }
            ],
            "type": "UpdateArticleSuccess",
            "abstractKey": null
          },
          (v4/*:: as any*/)
        ],
        "storageKey": null
      }
    ],
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "ArticlePageUpdateMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "updateArticle",
        "plural": false,
        "selections": [
          (v2/*:: as any*/),
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
                  (v3/*:: as any*/),
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
                    "name": "version",
                    "storageKey": null
                  }
                ],
                "storageKey": null
              }
            ],
            "type": "UpdateArticleSuccess",
            "abstractKey": null
          },
          (v4/*:: as any*/)
        ],
        "storageKey": null
      }
    ]
  },
  "params": {
    "cacheID": "b9e4a98d98f251019824f15c21ed2abc",
    "id": null,
    "metadata": {},
    "name": "ArticlePageUpdateMutation",
    "operationKind": "mutation",
    "text": "mutation ArticlePageUpdateMutation(\n  $input: UpdateArticleInput!\n) {\n  updateArticle(input: $input) {\n    __typename\n    ... on UpdateArticleSuccess {\n      article {\n        id\n        ...ArticlePage_headline\n      }\n    }\n    ... on MutationError {\n      __isMutationError: __typename\n      code\n      field\n      message\n    }\n  }\n}\n\nfragment ArticlePage_headline on Article {\n  title\n  version\n  id\n}\n"
  }
};
})();

(node as any).hash = "e3fe00a27393cb3619e30e3994d156b2";

export default node;
