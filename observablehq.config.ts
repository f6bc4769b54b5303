// Observable Framework configuration of the LOT-LuCA workspace.
// Offline by design: no global stylesheet (the default links Google Fonts), no
// implicit CDN libraries (pages import from node_modules), no telemetry (scripts
// set OBSERVABLE_TELEMETRY_DISABLE).
export default {
  title: "LOT-LuCA workspace",
  root: "src",
  output: "dist",
  globalStylesheets: [],
  style: "style.css",
  pages: [
    { name: "Home", path: "/" },
    { name: "SQL console", path: "/sql" },
  ],
  head: '<meta name="referrer" content="no-referrer">',
  footer: "LOT-LuCA workspace — synthetic data unless you point it at your own extract. Nothing leaves this page.",
  search: false,
  linkify: true,
  typographer: false,
  cleanUrls: false,
};
