/**
 * @generated SignedSource<<e67150f73820a1fa84eda423ceb9e2ef>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type ArticlePage_headline$data = {
  readonly id: string;
  readonly title: string;
  readonly version: number;
  readonly " $fragmentType": "ArticlePage_headline";
};
export type ArticlePage_headline$key = {
  readonly " $data"?: ArticlePage_headline$data;
  readonly " $fragmentSpreads": FragmentRefs<"ArticlePage_headline">;
};

import ArticleHeadlineRefetchQuery_graphql from './ArticleHeadlineRefetchQuery.graphql';

const node: ReaderFragment = {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": {
    "refetch": {
      "connection": null,
      "fragmentPathInResult": [
        "node"
      ],
      "operation": ArticleHeadlineRefetchQuery_graphql,
      "identifierInfo": {
        "identifierField": "id",
        "identifierQueryVariableName": "id"
      }
    }
  },
  "name": "ArticlePage_headline",
  "selections": [
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
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "id",
      "storageKey": null
    }
  ],
  "type": "Article",
  "abstractKey": null
};

(node as any).hash = "3caecbc9ca69a694d315449267e24a34";

export default node;
