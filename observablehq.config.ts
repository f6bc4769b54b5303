// Observable Framework configuration of the LOT-LuCA workspace.
// Offline by design: no global stylesheet (the default links Google Fonts), no
// implicit CDN libraries (pages import from node_modules), no telemetry (scripts
// set OBSERVABLE_TELEMETRY_DISABLE).
//
// Two builds from the same sources (see docs/workspace.md): the private build
// (default, root src/) and the public build (LOTLUCA_BUILD=public, root
// src-public/ = src/ without the pages whose front matter says `private: true`).
import { existsSync, readFileSync } from "node:fs";

const root = process.env.LOTLUCA_ROOT ?? "src";
const publicBuild = process.env.LOTLUCA_BUILD === "public";

interface NavPage {
  name: string;
  path: string;
}

const NAVIGATION: NavPage[] = [
  { name: "Home", path: "/" },
  { name: "Cohort", path: "/cohort" },
  { name: "Pathways", path: "/pathways" },
  { name: "Time to next treatment and survival", path: "/survival" },
  { name: "Line-start cohorts", path: "/cohort-study" },
  { name: "Cohort (published)", path: "/results/cohort" },
  { name: "Pathways (published)", path: "/results/pathways" },
  { name: "Survival (published)", path: "/results/survival" },
  { name: "Line-start cohorts (published)", path: "/results/line-start" },
  { name: "Data quality", path: "/data-quality" },
  { name: "Methods", path: "/methods" },
  { name: "Leaderboard", path: "/leaderboard" },
  { name: "Rules vs learned", path: "/methods-comparison" },
  { name: "Error explorer", path: "/errors" },
  { name: "Patient timeline", path: "/timeline" },
  { name: "Check a submission", path: "/submit" },
  { name: "SQL console", path: "/sql" },
];

/** A page is listed when its file exists in this build's root. */
function built(page: NavPage): boolean {
  const file = `${root}${page.path === "/" ? "/index" : page.path}.md`;
  if (!existsSync(file)) return false;
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(file, "utf8"));
  return !(publicBuild && front !== null && /^private:\s*true\s*$/m.test(front[1]!));
}

export default {
  title: publicBuild ? "LOT-LuCA results" : "LOT-LuCA workspace",
  root,
  output: process.env.LOTLUCA_OUTPUT ?? "dist",
  globalStylesheets: [],
  style: "style.css",
  pages: NAVIGATION.filter(built),
  head: '<meta name="referrer" content="no-referrer">',
  footer: publicBuild
    ? "LOT-LuCA public results: aggregates only; counts below 10 are masked."
    : "LOT-LuCA workspace (private build: patient-level data). Nothing leaves this page.",
  search: false,
  linkify: true,
  typographer: false,
  cleanUrls: false,
};
