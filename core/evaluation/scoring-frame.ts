/**
 * The per-patient data the scoring needs, prepared once so that a bootstrap
 * replicate (a re-weighting of patients) costs a few passes over typed arrays.
 *
 * - Every patient contributes fixed counts (numerators and denominators of the
 *   proportions: its *components*). Patients with the same components and the
 *   same subgroups share a *group*; a replicate sums weights per group.
 * - *Slots* are the populations metrics are computed over: slot 0 is every
 *   patient, then one slot per (subgroup variable, value). Each patient belongs
 *   to slot 0 and to one slot per variable.
 * - Start errors and TTNT observations are sorted once (by value, then patient)
 *   for the weighted medians.
 */
import type { SurvivalObservation } from "../statistics/kaplan-meier.js";
import type { PatientComparison } from "./compare.js";

/** Indices of the components (per-patient counts) in a group row. */
export const C = {
  patients: 0,
  exact: 1,
  exactStrict: 2,
  sameCount: 3,
  l1Gold: 4,
  l1Eq: 5,
  l1EqStrict: 6,
  l2Gold: 7,
  l2Eq: 8,
  l2EqStrict: 9,
  goldLines: 10,
  jaccard: 11,
  jaccardStrict: 12,
  matchedLines: 13,
  within7: 14,
  within30: 15,
  matchedPred: 16,
  predStarts: 17,
  goldStarts: 18,
  hasTtntGold: 19,
  hasTtntPred: 20,
} as const;
export const N_COMPONENTS = 21;

/** Values sorted ascending (ties: patient order), each with the index of its patient. */
export interface SortedValues {
  values: Float64Array;
  patients: Int32Array;
}

/** Survival observations sorted by time (ties: patient order), each with the index of its patient. */
export interface SortedObservations {
  times: Float64Array;
  events: Uint8Array;
  patients: Int32Array;
}

export interface Slot {
  /** Null for slot 0 (every patient). */
  variable: string | null;
  value: string | null;
  patients: number;
}

/** A slot's sorted start errors and TTNT observations (subsets of slot 0's, in the same order). */
export interface SlotValues {
  startErrors: SortedValues;
  ttntGold: SortedObservations;
  ttntPred: SortedObservations;
}

export interface ScoringFrame {
  /** Number of patients. */
  n: number;
  slots: Slot[];
  /** Slots per patient (1 + number of subgroup variables); the first is always 0. */
  slotStride: number;
  /** Patient i's slots: patientSlots[i * slotStride + k]. */
  patientSlots: Int32Array;
  /** Patient i's group. */
  groupOf: Int32Array;
  /** Group g's components: groupRows[g * N_COMPONENTS + c]. */
  groupRows: Float64Array;
  /** Group g's slots: groupSlots[g * slotStride + k]. */
  groupSlots: Int32Array;
  /** Sorted start errors and TTNT observations of each slot (slot 0: every patient). */
  slotValues: SlotValues[];
}

function components(c: PatientComparison, out: Float64Array): void {
  out.fill(0);
  out[C.patients] = 1;
  out[C.exact] = c.exact ? 1 : 0;
  out[C.exactStrict] = c.exactStrict ? 1 : 0;
  out[C.sameCount] = c.sameCount ? 1 : 0;
  const l1 = c.lines[0];
  const l2 = c.lines[1];
  out[C.l1Gold] = l1?.gold ? 1 : 0;
  out[C.l1Eq] = l1?.gold && l1.equal ? 1 : 0;
  out[C.l1EqStrict] = l1?.gold && l1.equalStrict ? 1 : 0;
  out[C.l2Gold] = l2?.gold ? 1 : 0;
  out[C.l2Eq] = l2?.gold && l2.equal ? 1 : 0;
  out[C.l2EqStrict] = l2?.gold && l2.equalStrict ? 1 : 0;
  for (const l of c.lines) {
    if (l.gold) {
      out[C.goldLines]!++;
      out[C.jaccard]! += l.jaccard;
      out[C.jaccardStrict]! += l.jaccardStrict;
    }
    if (l.startErrorDays !== null) {
      out[C.matchedLines]!++;
      if (l.startErrorDays <= 7) out[C.within7]!++;
      if (l.startErrorDays <= 30) out[C.within30]!++;
    }
  }
  out[C.matchedPred] = c.boundary.matchedPred;
  out[C.predStarts] = c.boundary.predStarts;
  out[C.goldStarts] = c.boundary.goldStarts;
  out[C.hasTtntGold] = c.ttntGold ? 1 : 0;
  out[C.hasTtntPred] = c.ttntPred ? 1 : 0;
}

/** Largest patient count the packed sort keys allow (2^25). */
const PATIENT_KEY = 2 ** 25;
const MAX_PACKED_VALUE = Math.floor(Number.MAX_SAFE_INTEGER / PATIENT_KEY);

/**
 * Sorts (value, patient) pairs by value then patient. Integer values in
 * [0, 2^28) (days) are packed into one number per pair and sorted as a typed
 * array (no comparator, no objects); other values take a comparator sort.
 */
function sortPairs(values: Float64Array, patients: Int32Array): void {
  const n = values.length;
  let packable = patients.length < PATIENT_KEY;
  for (let i = 0; packable && i < n; i++) {
    const v = values[i]!;
    if (!(Number.isInteger(v) && v >= 0 && v <= MAX_PACKED_VALUE)) packable = false;
  }
  if (packable) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = values[i]! * PATIENT_KEY + patients[i]!;
    keys.sort();
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      const p = k % PATIENT_KEY;
      patients[i] = p;
      values[i] = (k - p) / PATIENT_KEY;
    }
    return;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => values[a]! - values[b]! || patients[a]! - patients[b]!);
  const v = gather(Float64Array, values, order);
  const p = gather(Int32Array, patients, order);
  values.set(v);
  patients.set(p);
}

/** Observations sorted by time (ties: patient order), as typed arrays; each patient at most once. */
export function sortedObservations(
  items: readonly { obs: SurvivalObservation; patient: number }[],
): SortedObservations {
  const buffer = new PairBuffer();
  let patients = 0;
  for (const { obs, patient } of items) {
    buffer.push(obs.time, patient, obs.event ? 1 : 0);
    patients = Math.max(patients, patient + 1);
  }
  return buffer.sortedObservations(patients);
}

/** A copy of `array` with twice the room. */
function doubled<T extends Float64Array | Int32Array | Uint8Array>(array: T): T {
  const grown = new (array.constructor as new (length: number) => T)(Math.max(1024, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * `out[j] = source[indices[j]]`, written into a new array of `out`'s kind: a plain
 * loop (TypedArray.from with a mapping function was 8 times slower, and this runs
 * over every patient of every subgroup slot).
 */
function gather<T extends Float64Array | Int32Array | Uint8Array>(
  make: new (length: number) => T,
  source: ArrayLike<number>,
  indices: ArrayLike<number>,
): T {
  const out = new make(indices.length);
  for (let j = 0; j < indices.length; j++) out[j] = source[indices[j]!]!;
  return out;
}

/** Growable typed storage for the frame's entries: (value, patient, event). */
class PairBuffer {
  values = new Float64Array(1024);
  patients = new Int32Array(1024);
  events = new Uint8Array(1024);
  length = 0;
  push(value: number, patient: number, event = 0): void {
    if (this.length === this.values.length) {
      this.values = doubled(this.values);
      this.patients = doubled(this.patients);
      this.events = doubled(this.events);
    }
    this.values[this.length] = value;
    this.patients[this.length] = patient;
    this.events[this.length] = event;
    this.length++;
  }
  sortedValues(): SortedValues {
    const values = this.values.slice(0, this.length);
    const patients = this.patients.slice(0, this.length);
    sortPairs(values, patients);
    return { values, patients };
  }
  /** Sorted as observations of patients 0..n-1, each at most once (its event follows it). */
  sortedObservations(n: number): SortedObservations {
    const eventOfPatient = new Uint8Array(n);
    for (let i = 0; i < this.length; i++) eventOfPatient[this.patients[i]!] = this.events[i]!;
    const { values, patients } = this.sortedValues();
    return { times: values, events: gather(Uint8Array, eventOfPatient, patients), patients };
  }
}

/** 32-bit FNV-1a over a group's component bits and slots. */
function groupHash(bits: Uint32Array, slots: Int32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i]!, 0x01000193);
  for (let i = 0; i < slots.length; i++) h = Math.imul(h ^ slots[i]!, 0x01000193);
  return h >>> 0;
}

/** Growable Int32 storage. */
class IntBuffer {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) this.data = doubled(this.data);
    this.data[this.length++] = value;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Builds a frame one comparison at a time, so a caller can compare a patient,
 * add it and let the comparison go (the frame keeps only typed arrays).
 * `subgroups` maps each subgroup variable to the function giving a patient's
 * value; slots are ordered by variable (in the given order), then value
 * (alphabetical).
 */
export class ScoringFrameBuilder {
  private readonly variables: [string, (c: PatientComparison) => string][];
  private readonly slotStride: number;
  /** Per variable: value -> provisional slot number (in order of first appearance). */
  private readonly slotOfValue: Map<string, number>[];
  private readonly provisionalSlots: { variable: string; value: string; patients: number }[] = [];
  private readonly patientSlots = new IntBuffer();
  private readonly groupOf = new IntBuffer();
  private readonly buckets = new Map<number, number[]>();
  private readonly rows: number[] = [];
  private readonly groupSlots: number[] = [];
  private readonly startErrors = new PairBuffer();
  private readonly ttntGold = new PairBuffer();
  private readonly ttntPred = new PairBuffer();
  private readonly row = new Float64Array(N_COMPONENTS);
  private readonly bits = new Uint32Array(this.row.buffer);
  private readonly mySlots: Int32Array;
  private n = 0;

  constructor(subgroups: Record<string, (c: PatientComparison) => string> = {}) {
    this.variables = Object.entries(subgroups);
    this.slotStride = 1 + this.variables.length;
    this.slotOfValue = this.variables.map(() => new Map());
    this.mySlots = new Int32Array(this.slotStride);
  }

  add(c: PatientComparison): void {
    const i = this.n++;
    const { row, mySlots, slotStride, rows, groupSlots } = this;
    mySlots[0] = 0;
    for (let v = 0; v < this.variables.length; v++) {
      const value = this.variables[v]![1](c);
      const slots = this.slotOfValue[v]!;
      let slot = slots.get(value);
      if (slot === undefined) {
        slot = 1 + this.provisionalSlots.length;
        slots.set(value, slot);
        this.provisionalSlots.push({ variable: this.variables[v]![0], value, patients: 0 });
      }
      this.provisionalSlots[slot - 1]!.patients++;
      mySlots[1 + v] = slot;
    }
    for (let k = 0; k < slotStride; k++) this.patientSlots.push(mySlots[k]!);
    components(c, row);
    const hash = groupHash(this.bits, mySlots);
    let bucket = this.buckets.get(hash);
    let g = -1;
    if (bucket) {
      for (const candidate of bucket) {
        let same = true;
        for (let k = 0; same && k < N_COMPONENTS; k++) same = rows[candidate * N_COMPONENTS + k] === row[k];
        for (let k = 0; same && k < slotStride; k++) same = groupSlots[candidate * slotStride + k] === mySlots[k];
        if (same) {
          g = candidate;
          break;
        }
      }
    } else {
      bucket = [];
      this.buckets.set(hash, bucket);
    }
    if (g < 0) {
      g = rows.length / N_COMPONENTS;
      for (let k = 0; k < N_COMPONENTS; k++) rows.push(row[k]!);
      for (let k = 0; k < slotStride; k++) groupSlots.push(mySlots[k]!);
      bucket.push(g);
    }
    this.groupOf.push(g);
    for (const l of c.lines) if (l.startErrorDays !== null) this.startErrors.push(l.startErrorDays, i);
    if (c.ttntGold) this.ttntGold.push(c.ttntGold.time, i, c.ttntGold.event ? 1 : 0);
    if (c.ttntPred) this.ttntPred.push(c.ttntPred.time, i, c.ttntPred.event ? 1 : 0);
  }

  finish(): ScoringFrame {
    const { n, slotStride } = this;
    // Final slot numbers: by variable, then value (alphabetical).
    const order = this.provisionalSlots
      .map((slot, k) => ({ ...slot, provisional: k + 1 }))
      .sort((a, b) => {
        const va = this.variables.findIndex(([name]) => name === a.variable);
        const vb = this.variables.findIndex(([name]) => name === b.variable);
        return va - vb || a.value.localeCompare(b.value);
      });
    const final = new Int32Array(this.provisionalSlots.length + 1);
    order.forEach((slot, k) => (final[slot.provisional] = k + 1));
    const patientSlots = this.patientSlots.toArray();
    for (let k = 0; k < patientSlots.length; k++) patientSlots[k] = final[patientSlots[k]!]!;
    const groupSlots = gather(Int32Array, final, this.groupSlots);
    const slots: Slot[] = [
      { variable: null, value: null, patients: n },
      ...order.map(({ variable, value, patients }) => ({ variable, value, patients })),
    ];
    const all: SlotValues = {
      startErrors: this.startErrors.sortedValues(),
      ttntGold: this.ttntGold.sortedObservations(n),
      ttntPred: this.ttntPred.sortedObservations(n),
    };
    return {
      n,
      slots,
      slotStride,
      patientSlots,
      groupOf: this.groupOf.toArray(),
      groupRows: Float64Array.from(this.rows),
      groupSlots,
      slotValues: splitBySlot(all, slots.length, patientSlots, slotStride),
    };
  }
}

/** The frame of a list of comparisons (see ScoringFrameBuilder). */
export function prepareFrame(
  comparisons: readonly PatientComparison[],
  subgroups: Record<string, (c: PatientComparison) => string> = {},
): ScoringFrame {
  const builder = new ScoringFrameBuilder(subgroups);
  for (const c of comparisons) builder.add(c);
  return builder.finish();
}

/** Each slot's subset of slot 0's sorted values (a stable split keeps them sorted). */
function splitBySlot(all: SlotValues, slotCount: number, patientSlots: Int32Array, stride: number): SlotValues[] {
  const split = <T extends { patients: Int32Array }>(sorted: T, pick: (sorted: T, indices: Int32Array) => T): T[] => {
    const counts = new Int32Array(slotCount);
    const { patients } = sorted;
    for (let i = 0; i < patients.length; i++)
      for (let k = 1; k < stride; k++) counts[patientSlots[patients[i]! * stride + k]!]!++;
    const indices = Array.from(counts, (c) => new Int32Array(c));
    const filled = new Int32Array(slotCount);
    for (let i = 0; i < patients.length; i++) {
      for (let k = 1; k < stride; k++) {
        const s = patientSlots[patients[i]! * stride + k]!;
        indices[s]![filled[s]!++] = i;
      }
    }
    return indices.map((idx, s) => (s === 0 ? sorted : pick(sorted, idx)));
  };
  const values = split(all.startErrors, (x, idx) => ({
    values: gather(Float64Array, x.values, idx),
    patients: gather(Int32Array, x.patients, idx),
  }));
  const observations = (sorted: SortedObservations) =>
    split(sorted, (x, idx) => ({
      times: gather(Float64Array, x.times, idx),
      events: gather(Uint8Array, x.events, idx),
      patients: gather(Int32Array, x.patients, idx),
    }));
  const gold = observations(all.ttntGold);
  const pred = observations(all.ttntPred);
  return values.map((startErrors, s) => ({ startErrors, ttntGold: gold[s]!, ttntPred: pred[s]! }));
}
