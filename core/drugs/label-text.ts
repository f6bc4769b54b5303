/**
 * Text folding and tokenising for drug labels: the same steps apply to a label
 * typed in a prescribing software and to every name of the dictionary, so that
 * both meet in one form (lower case, no accents, alphanumeric tokens).
 */

/** Lower case, compatibility decomposition, diacritics and ligatures removed. */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss");
}

/** Alphanumeric tokens of the folded text; everything else separates tokens. */
export function tokenise(text: string): string[] {
  return foldText(text)
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** Units of strength and volume. */
const UNIT_WORDS = words(`
  mg g gr kg ug mcg microgramme microgrammes microgram micrograms milligramme milligrammes ml l dl cl ui u iu unite unites
  mmol meq m2 mg/m2 auc pct pourcent percent
`);

/** Pharmaceutical forms, packaging and administration instructions. */
const FORM_WORDS = words(`
  cp cpr cps comp comprime comprimes compr tablet tablets tab tabs pellicule pellicules film coated secable dispersible
  gel gelule gelules caps capsule capsules sol soln solution solutions inj injectable injectables injection injections
  perf perfusion perfusions infusion pdre poudre powder lyoph lyophilisat lyophilise concentre concentrate conc
  diluer dilute suspension dispersion emulsion buvable sirop sachet sachets fl flac flacon flacons vial vials amp ampoule
  ampoules seringue seringues syringe preremplie prerempli prefilled stylo pen poche bag boite bte unidose
  dose doses cure cycle cycles jour jours day days semaine semaines week weeks fois par every toutes tous
  j d s sem x qd bid tid od ld bolus continu continue
`);

/** Routes of administration. */
const ROUTE_WORDS = words(`
  iv ivl ivd ivse po os per sc im it voie orale oral oralement intraveineuse intraveineux intravenous intravenously
  veineuse sous cutanee cutane subcutaneous intramusculaire intramuscular injectable
`);

/** Salts, esters and hydrates that follow the active moiety in a label. */
const SALT_WORDS = words(`
  chlorhydrate dichlorhydrate hydrochloride dihydrochloride hcl sodique disodique sodium disodium sel base
  mesilate mesylate dimesilate ditosilate tosilate tosylate maleate dimaleate malate tartrate ditartrate citrate
  acetate phosphate sulfate succinate hemisuccinate monohydrate dihydrate trihydrate hemihydrate heptahydrate
  sesquihydrate hydrate anhydre anhydrous hemifumarate fumarate besilate besylate esilate esylate dimethylsulfoxyde
`);

/** Function words of French and English labels. */
const STOP_WORDS = words(`
  a au aux de des du d l la le les en et ou and or with avec sans without for pour dans in of the un une
  lie liee lies bound nanoparticules nanoparticles particules
`);

/** Marketing authorisation holders and generic labs that follow an INN in a generic's name. */
const LAB_WORDS = words(`
  accord arrow biogaran mylan viatris teva sandoz zentiva kabi fresenius hospira pfizer medac ebewe sun eg ratiopharm
  cristers actavis aguettant baxter seacross zydus dr reddy reddys substipharm panpharma qilu stada alter almus
`);

/**
 * Words that say nothing about which molecule a label names. They are neither
 * matched exactly nor fuzzily, so that "sol" or "perfusion" never becomes a drug.
 */
export const IGNORABLE_WORDS: ReadonlySet<string> = new Set([
  ...UNIT_WORDS,
  ...FORM_WORDS,
  ...ROUTE_WORDS,
  ...SALT_WORDS,
  ...STOP_WORDS,
  ...LAB_WORDS,
]);

/** True for a token that carries no molecule name: a number, a dose, a unit, a form, a salt, a route... */
export function isIgnorable(token: string): boolean {
  return /[0-9]/.test(token) || IGNORABLE_WORDS.has(token) || token.length === 1;
}
