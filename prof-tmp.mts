import { readFileSync } from "node:fs";
const file = process.argv[2]!;
const p = JSON.parse(readFileSync(file, "utf8"));
const nodes = new Map<number, any>(); for (const n of p.nodes) nodes.set(n.id, n);
const parent = new Map<number, number>(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
const dt = p.timeDeltas; for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (dt[i] ?? 0));
const key = (n: any) => `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.replace(/.*\/work\/main\//, "")}:${n.callFrame.lineNumber}`;
const selfBy = new Map<string, number>(), incl = new Map<string, number>();
for (const [id, t] of self) {
  const n = nodes.get(id); selfBy.set(key(n), (selfBy.get(key(n)) ?? 0) + t);
  const seen = new Set<string>(); let cur: number | undefined = id;
  while (cur !== undefined) { const k = key(nodes.get(cur)); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + t); } cur = parent.get(cur); }
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log("total ms", Math.round(total / 1000));
const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(7)} ${k}`).join("\n");
console.log("--- self\n" + top(selfBy, 25)); console.log("--- inclusive\n" + top(incl, 45));
