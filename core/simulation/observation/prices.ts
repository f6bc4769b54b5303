/**
 * Synthetic prices for the optional cost columns of a contract-v2 dataset
 * (PRS_PAI_MNT, ADM_NBR_PRI, ACH_PRI_ADM, FAC_TOT, FAC_MNT). They are of the
 * order of French list prices (euros, all taxes included, 2020s) so that costs
 * per line look plausible, but they are NOT real prices: rounded, one price per
 * molecule whatever the strength, brand or year, no biosimilar or generic
 * discounts. Do not use them as a source.
 */

/** Price of one UCD unit (vial, hospital box) in euros. */
const UNIT: Readonly<Record<string, number>> = {
  pemetrexed: 120,
  bevacizumab: 900,
  ramucirumab: 2300,
  nivolumab: 520,
  pembrolizumab: 2600,
  durvalumab: 2400,
  atezolizumab: 3900,
  cemiplimab: 4300,
  ipilimumab: 3000,
  tremelimumab: 4000,
  amivantamab: 1600,
  cetuximab: 190,
  "trastuzumab-deruxtecan": 1550,
  "datopotamab-deruxtecan": 1700,
};

/** Price of one pharmacy box (pack) in euros. */
const PACK: Readonly<Record<string, number>> = {
  gefitinib: 600,
  erlotinib: 450,
  afatinib: 1900,
  osimertinib: 5600,
  crizotinib: 4700,
  alectinib: 5800,
  brigatinib: 4500,
  lorlatinib: 5400,
  dabrafenib: 4900,
  trametinib: 4300,
  sotorasib: 5900,
  adagrasib: 6000,
  capmatinib: 5200,
  tepotinib: 5100,
  selpercatinib: 5300,
  entrectinib: 4800,
  nintedanib: 1500,
  vinorelbine: 60,
  pegfilgrastim: 600,
  "folic acid": 3,
  denosumab: 300,
  dexamethasone: 5,
  ondansetron: 10,
  aprepitant: 40,
};

const cents = (x: number) => Math.round(x * 100) / 100;

/** Cost of `units` UCD units of a molecule (0 when the simulator has no price for it). */
export function unitCost(molecule: string, units: number): number {
  return cents((UNIT[molecule] ?? PACK[molecule] ?? 0) * units);
}

/** Cost of `boxes` pharmacy boxes (signed: a reversal is a negative amount). */
export function packCost(molecule: string, boxes: number): number {
  return cents((PACK[molecule] ?? 0) * boxes);
}
