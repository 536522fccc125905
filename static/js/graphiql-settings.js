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
})();
