/* GraphiQL's settings, read from data attributes of #editor, for graphene_django/graphiql.js
   (which reads window.GRAPHENE_SETTINGS). A static file: the CSP refuses inline scripts. */
(function () {
  "use strict";
  var data = document.getElementById("editor").dataset;
  window.GRAPHENE_SETTINGS = {
    graphiqlHeaderEditorEnabled: data.headerEditorEnabled === "true",
    graphiqlShouldPersistHeaders: data.shouldPersistHeaders === "true",
    graphiqlInputValueDeprecation: data.inputValueDeprecation === "true",
  };
  // graphiql.js builds a websocket client with graphql-ws for subscriptions. The API has
  // none (the endpoint refuses them) and graphql-ws is not vendored: no client at all.
  window.graphqlWs = window.graphqlWs || {
    createClient: function () { return undefined; },
  };
})();
