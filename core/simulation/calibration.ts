/**
 * Calibration report: the simulated cohort against published French figures
 * (docs: data/reference/calibration.md). Targets are data (figure, source,
 * target, tolerance, verified flag, population); `CalibrationAccumulator` reads
 * patient truths one at a time (streaming, bounded memory: survival times are
 * kept as day histograms) and computes each figure the way its source defines it,
 * as closely as the simulation allows. Tolerances are stated, not hidden: they
 * allow for the source's own imprecision and for sampling noise at 10k+ patients.
 *
 * The Kaplan-Meier estimate here is deliberately minimal and private to the
 * report (product-limit over integer days, ties: events before censorings).
 */
import { drugByMolecule } from "../reference/drugs.js";
import { dayOf, yearOf, DAYS_PER_MONTH, type Day } from "../time/day.js";
import { EXTRACTION_END } from "./calendar.js";
import { IMMUNOTHERAPIES } from "./regimens.js";
import type { PatientTruth } from "./truth.js";

export interface CalibrationTarget {
  id: string;
  figure: string;
  /** Who is counted, in the simulated cohort. */
  population: string;
  source: string;
  target: number;
  tolerance: number;
  unit: "%" | "months";
  /** False for figures marked unverified in calibration.md (loose ranges). */
  verified: boolean;
}

export interface CalibrationResult extends CalibrationTarget {
  simulated: number | null;
  /** Denominator (patients or lines) behind the simulated value. */
  n: number;
  within: boolean | null;
}

const KBP = "KBP-CPHG 2020, ESMO 2022 abstract 1699P";
const BMC = "5-country European survey, BMC Cancer 2023";
const ESME_2022 = "ESME, Lung Cancer 2022;172:65";

export const CALIBRATION_TARGETS: readonly CalibrationTarget[] = [
  {
    id: "adenocarcinoma",
    figure: "adenocarcinoma share",
    population: "all patients",
    source: BMC,
    target: 63.7,
    tolerance: 3,
    unit: "%",
    verified: true,
  },
  {
    id: "tested",
    figure: "tested for drivers",
    population: "non-squamous",
    source: KBP,
    target: 87.7,
    tolerance: 3,
    unit: "%",
    verified: true,
  },
  {
    id: "egfr",
    figure: "EGFR mutation",
    population: "tested non-squamous",
    source: KBP,
    target: 14.9,
    tolerance: 1.5,
    unit: "%",
    verified: true,
  },
  {
    id: "alk",
    figure: "ALK rearrangement",
    population: "tested non-squamous",
    source: KBP,
    target: 2.7,
    tolerance: 0.8,
    unit: "%",
    verified: true,
  },
  {
    id: "ros1",
    figure: "ROS1 rearrangement",
    population: "tested non-squamous",
    source: KBP,
    target: 1.6,
    tolerance: 0.6,
    unit: "%",
    verified: true,
  },
  {
    id: "braf",
    figure: "BRAF V600E",
    population: "tested non-squamous",
    source: KBP,
    target: 2.2,
    tolerance: 0.8,
    unit: "%",
    verified: true,
  },
  {
    id: "kras_g12c",
    figure: "KRAS G12C",
    population: "tested non-squamous",
    source: KBP,
    target: 19.8,
    tolerance: 2,
    unit: "%",
    verified: true,
  },
  {
    id: "met",
    figure: "MET exon 14",
    population: "tested non-squamous",
    source: KBP,
    target: 4.6,
    tolerance: 1,
    unit: "%",
    verified: true,
  },
  {
    id: "ret",
    figure: "RET fusion",
    population: "tested non-squamous",
    source: KBP,
    target: 2.5,
    tolerance: 0.8,
    unit: "%",
    verified: true,
  },
  {
    id: "pdl1_neg",
    figure: "PD-L1 < 1 %",
    population: "PD-L1 measured",
    source: BMC,
    target: 23.1,
    tolerance: 3,
    unit: "%",
    verified: true,
  },
  {
    id: "pdl1_low",
    figure: "PD-L1 1-49 %",
    population: "PD-L1 measured",
    source: BMC,
    target: 40.9,
    tolerance: 3,
    unit: "%",
    verified: true,
  },
  {
    id: "pdl1_high",
    figure: "PD-L1 >= 50 %",
    population: "PD-L1 measured",
    source: BMC,
    target: 36.0,
    tolerance: 3,
    unit: "%",
    verified: true,
  },
  {
    id: "l1_chemo",
    figure: "first line: chemotherapy alone",
    population: "first lines 2019-2021, no actionable driver",
    source: BMC,
    target: 36.9,
    tolerance: 5,
    unit: "%",
    verified: true,
  },
  {
    id: "l1_io",
    figure: "first line: immunotherapy alone",
    population: "first lines 2019-2021, no actionable driver",
    source: BMC,
    target: 30.5,
    tolerance: 5,
    unit: "%",
    verified: true,
  },
  {
    id: "l1_chemo_io",
    figure: "first line: chemo-immunotherapy",
    population: "first lines 2019-2021, no actionable driver",
    source: BMC,
    target: 27.6,
    tolerance: 5,
    unit: "%",
    verified: true,
  },
  {
    id: "pembro_mono_2018",
    figure: "pembrolizumab alone in first line, 2018",
    population: "first lines 2018, no EGFR/ALK",
    source: ESME_2022,
    target: 20,
    tolerance: 5,
    unit: "%",
    verified: true,
  },
  {
    id: "io_sq_2015",
    figure: "immunotherapy at any line, squamous, 2015",
    population: "treated, first line 2015, no EGFR/ALK",
    source: ESME_2022,
    target: 42.2,
    tolerance: 6,
    unit: "%",
    verified: true,
  },
  {
    id: "io_sq_2018",
    figure: "immunotherapy at any line, squamous, 2018",
    population: "treated, first line 2018, no EGFR/ALK",
    source: ESME_2022,
    target: 56.1,
    tolerance: 6,
    unit: "%",
    verified: true,
  },
  {
    id: "io_nsq_2015",
    figure: "immunotherapy at any line, non-squamous, 2015",
    population: "treated, first line 2015, no EGFR/ALK",
    source: ESME_2022,
    target: 28.9,
    tolerance: 6,
    unit: "%",
    verified: true,
  },
  {
    id: "io_nsq_2018",
    figure: "immunotherapy at any line, non-squamous, 2018",
    population: "treated, first line 2018, no EGFR/ALK",
    source: ESME_2022,
    target: 51.9,
    tolerance: 6,
    unit: "%",
    verified: true,
  },
  {
    id: "induction_lt4",
    figure: "fewer than 4 induction cycles",
    population: "first-line platinum chemo-immunotherapy",
    source: "Immunotherapy 2023;15:267",
    target: 45.1,
    tolerance: 5,
    unit: "%",
    verified: true,
  },
  {
    id: "induction_4_maint",
    figure: "4+ induction cycles then maintenance",
    population: "first-line platinum chemo-immunotherapy",
    source: "Immunotherapy 2023;15:267",
    target: 43.9,
    tolerance: 5,
    unit: "%",
    verified: true,
  },
  {
    id: "induction_4_none",
    figure: "4+ induction cycles, no maintenance",
    population: "first-line platinum chemo-immunotherapy",
    source: "Immunotherapy 2023;15:267",
    target: 11.1,
    tolerance: 5,
    unit: "%",
    verified: true,
  },
  {
    id: "pembro_stop_progression",
    figure: "progression among pembrolizumab discontinuations",
    population: "ended pembrolizumab monotherapy lines",
    source: "Pembro-real 5Y",
    target: 64.9,
    tolerance: 7,
    unit: "%",
    verified: true,
  },
  {
    id: "os2y_sq",
    figure: "2-year OS from first line, squamous",
    population: "first line 2015-2018, no EGFR/ALK",
    source: ESME_2022,
    target: 36.8,
    tolerance: 4,
    unit: "%",
    verified: true,
  },
  {
    id: "os2y_nsq",
    figure: "2-year OS from first line, non-squamous",
    population: "first line 2015-2018, no EGFR/ALK",
    source: ESME_2022,
    target: 36.5,
    tolerance: 4,
    unit: "%",
    verified: true,
  },
  {
    id: "mos_l1_io",
    figure: "median OS from first line, first-line immunotherapy",
    population: "first line 2015-2018, no EGFR/ALK",
    source: "ESME, RESP 2021",
    target: 16.4,
    tolerance: 2.5,
    unit: "months",
    verified: true,
  },
  {
    id: "mos_l1_chemo",
    figure: "median OS from first line, first-line chemotherapy",
    population: "first line 2015-2018, no EGFR/ALK",
    source: "ESME, RESP 2021",
    target: 11.6,
    tolerance: 2,
    unit: "months",
    verified: true,
  },
  {
    id: "mos_2018_2020",
    figure: "median OS of metastatic NSCLC 2018-2020",
    population: "treated, advanced 2018-2020, from advanced date",
    source: "Institut Curie, Cancers 2024",
    target: 18.2,
    tolerance: 3,
    unit: "months",
    verified: true,
  },
  {
    id: "mos_nivo_l2",
    figure: "median OS from nivolumab at line >= 2",
    population: "nivolumab lines >= 2",
    source: "EVIDENS/ENLARGE",
    target: 11.3,
    tolerance: 2.5,
    unit: "months",
    verified: true,
  },
  {
    id: "untreated",
    figure: "untreated (best supportive care only)",
    population: "advanced up to 2025-06-30",
    source: "calibration.md (unverified)",
    target: 27.5,
    tolerance: 7.5,
    unit: "%",
    verified: false,
  },
  {
    id: "reach_l2",
    figure: "treated patients reaching line 2",
    population: "first line up to 2023",
    source: "calibration.md (unverified)",
    target: 50,
    tolerance: 10,
    unit: "%",
    verified: false,
  },
  {
    id: "reach_l3",
    figure: "treated patients reaching line 3",
    population: "first line up to 2023",
    source: "calibration.md (unverified)",
    target: 22.5,
    tolerance: 7.5,
    unit: "%",
    verified: false,
  },
];

const MAX_DAYS = 8192;

/** Survival times as day histograms (bounded memory whatever the cohort size). */
class SurvivalHistogram {
  private readonly events = new Uint32Array(MAX_DAYS);
  private readonly censored = new Uint32Array(MAX_DAYS);
  n = 0;

  add(days: number, event: boolean): void {
    const t = Math.max(0, Math.min(MAX_DAYS - 1, Math.round(days)));
    (event ? this.events : this.censored)[t]!++;
    this.n++;
  }

  /** Kaplan-Meier survival at `day`. */
  survivalAt(day: number): number | null {
    if (this.n === 0) return null;
    let atRisk = this.n;
    let s = 1;
    for (let t = 0; t <= day && t < MAX_DAYS; t++) {
      const d = this.events[t]!;
      if (d > 0 && atRisk > 0) s *= 1 - d / atRisk;
      atRisk -= d + this.censored[t]!;
    }
    return s;
  }

  /** Kaplan-Meier median in days (first t with S(t) <= 0.5), null if not reached. */
  median(): number | null {
    let atRisk = this.n;
    let s = 1;
    for (let t = 0; t < MAX_DAYS; t++) {
      const d = this.events[t]!;
      if (d > 0 && atRisk > 0) s *= 1 - d / atRisk;
      if (s <= 0.5) return t;
      atRisk -= d + this.censored[t]!;
    }
    return null;
  }
}

class Share {
  num = 0;
  den = 0;
  add(hit: boolean): void {
    this.den++;
    if (hit) this.num++;
  }
  percent(): number | null {
    return this.den === 0 ? null : (100 * this.num) / this.den;
  }
}

const CYTOTOXIC_CLASSES = new Set([
  "platinum",
  "antimetabolite",
  "vinca_alkaloid",
  "topoisomerase_inhibitor",
  "taxane",
]);

type FirstLineClass = "chemotherapy" | "immunotherapy" | "chemo_immunotherapy" | "targeted" | "investigational";

export function lineClass(molecules: readonly string[]): FirstLineClass {
  if (molecules.includes("investigational")) return "investigational";
  const io = molecules.some((m) => IMMUNOTHERAPIES.has(m));
  const chemo = molecules.some((m) => CYTOTOXIC_CLASSES.has(drugByMolecule(m)?.drugClass ?? ""));
  if (io) return chemo ? "chemo_immunotherapy" : "immunotherapy";
  if (chemo) return "chemotherapy";
  return "targeted";
}

const UNTREATED_CUTOFF: Day = dayOf(2025, 6, 30);
const REACH_CUTOFF: Day = dayOf(2023, 12, 31);

export class CalibrationAccumulator {
  private readonly shares = new Map<string, Share>();
  private readonly survival = new Map<string, SurvivalHistogram>();
  patients = 0;

  private share(id: string): Share {
    let s = this.shares.get(id);
    if (!s) this.shares.set(id, (s = new Share()));
    return s;
  }

  private surv(id: string): SurvivalHistogram {
    let s = this.survival.get(id);
    if (!s) this.survival.set(id, (s = new SurvivalHistogram()));
    return s;
  }

  add(truth: PatientTruth): void {
    this.patients++;
    const p = truth.patient;
    const squamous = p.histology === "squamous";
    this.share("adenocarcinoma").add(p.histology === "adenocarcinoma");
    if (!squamous) {
      this.share("tested").add(p.biomarkerTested);
      if (p.biomarkerTested) {
        for (const d of ["egfr", "alk", "ros1", "braf", "kras_g12c", "met", "ret"] as const) {
          this.share(d).add(p.biomarkers[d] === "positive");
        }
      }
    }
    if (p.pdl1Tps !== null) {
      this.share("pdl1_neg").add(p.pdl1Tps < 1);
      this.share("pdl1_low").add(p.pdl1Tps >= 1 && p.pdl1Tps < 50);
      this.share("pdl1_high").add(p.pdl1Tps >= 50);
    }
    const lines = truth.goldLines;
    if (p.advancedDate <= UNTREATED_CUTOFF) this.share("untreated").add(lines.length === 0);
    const first = lines[0];
    const followUp = (from: Day) => (truth.deathDate ?? EXTRACTION_END) - from;
    const died = truth.deathDate !== null;
    for (const line of lines) {
      if (line.molecules.length === 1 && line.molecules[0] === "pembrolizumab" && line.endReason !== "ongoing") {
        this.share("pembro_stop_progression").add(line.endReason === "progression");
      }
      if (line.lineNumber >= 2 && line.molecules.includes("nivolumab"))
        this.surv("mos_nivo_l2").add(followUp(line.startDate), died);
    }
    if (!first) return;
    const year = yearOf(first.startDate);
    const cls = lineClass(first.molecules);
    const egfrAlk = p.biomarkers.egfr === "positive" || p.biomarkers.alk === "positive";
    const actionable = ["egfr", "alk", "ros1", "braf", "met", "ret"].some(
      (d) => p.biomarkers[d as "egfr"] === "positive",
    );
    if (!actionable && year >= 2019 && year <= 2021) {
      this.share("l1_chemo").add(cls === "chemotherapy");
      this.share("l1_io").add(cls === "immunotherapy");
      this.share("l1_chemo_io").add(cls === "chemo_immunotherapy");
    }
    if (!egfrAlk) {
      if (year === 2018)
        this.share("pembro_mono_2018").add(first.molecules.length === 1 && first.molecules[0] === "pembrolizumab");
      if (year === 2015 || year === 2018) {
        const io = lines.some((l) => l.molecules.some((m) => IMMUNOTHERAPIES.has(m)));
        this.share(`io_${squamous ? "sq" : "nsq"}_${year}`).add(io);
      }
      if (year >= 2015 && year <= 2018) {
        this.surv(squamous ? "os2y_sq" : "os2y_nsq").add(followUp(first.startDate), died);
        if (cls === "immunotherapy" || cls === "chemo_immunotherapy")
          this.surv("mos_l1_io").add(followUp(first.startDate), died);
        if (cls === "chemotherapy") this.surv("mos_l1_chemo").add(followUp(first.startDate), died);
      }
    }
    if (year >= 2018 && year <= 2020 && yearOf(p.advancedDate) >= 2018 && yearOf(p.advancedDate) <= 2020) {
      this.surv("mos_2018_2020").add(followUp(p.advancedDate), died);
    }
    const firstEpisode = truth.episodes.find((e) => e.trigger === "first");
    if (firstEpisode && cls === "chemo_immunotherapy" && firstEpisode.end !== "ongoing") {
      const n = firstEpisode.inductionCycles;
      this.share("induction_lt4").add(n < 4);
      this.share("induction_4_maint").add(n >= 4 && firstEpisode.maintenance);
      this.share("induction_4_none").add(n >= 4 && !firstEpisode.maintenance);
    }
    if (first.startDate <= REACH_CUTOFF) {
      this.share("reach_l2").add(lines.length >= 2);
      this.share("reach_l3").add(lines.length >= 3);
    }
  }

  results(): CalibrationResult[] {
    return CALIBRATION_TARGETS.map((target) => {
      let simulated: number | null = null;
      let n = 0;
      const share = this.shares.get(target.id);
      const surv = this.survival.get(target.id);
      if (share) {
        simulated = share.percent();
        n = share.den;
      } else if (surv) {
        n = surv.n;
        if (target.id.startsWith("os2y")) {
          const s = surv.survivalAt(730);
          simulated = s === null ? null : 100 * s;
        } else {
          const median = surv.median();
          simulated = median === null ? null : median / DAYS_PER_MONTH;
        }
      }
      const within = simulated === null ? null : Math.abs(simulated - target.target) <= target.tolerance;
      return { ...target, simulated: simulated === null ? null : Math.round(simulated * 10) / 10, n, within };
    });
  }
}

/** The report as a fixed-width text table. */
export function formatCalibrationTable(results: readonly CalibrationResult[]): string {
  const header = ["figure", "population", "target", "simulated", "tolerance", "n", "within"];
  const rows = results.map((r) => [
    r.verified ? r.figure : `${r.figure} (unverified)`,
    r.population,
    `${r.target}${r.unit === "%" ? " %" : " mo"}`,
    r.simulated === null ? "-" : `${r.simulated}${r.unit === "%" ? " %" : " mo"}`,
    `±${r.tolerance}`,
    String(r.n),
    r.within === null ? "-" : r.within ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return (
    [header, ...rows]
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}
