/**
 * Per-dataset protocol defaults of the official SpotFormer configs (official-implementation §2 "Total loss",
 * §5 "Epochs and batch" / "Inference epochs"): the values the official code uses when that dataset is chosen.
 * Data only; the run-config resolver applies them under the user's explicit settings.
 *
 * | dataset | macroRatio r | epochs | epochBegin (1-based) | official source                          |
 * | ------- | ------------ | ------ | -------------------- | ---------------------------------------- |
 * | samm-lv | 0.55         | 100    | 2                    | `macro_ration`, `epoch_begin: 1`         |
 * | casme2  | 0.5          | 100    | 7                    | `macro_ration`, `epoch_begin: 6`         |
 * | casme3  | 0.5          | 90     | 7                    | `macro_ration`, `epoch_begin: 6`         |
 *
 * `epochBegin` is 1-based here (the kit numbers epochs from 1; official `epoch_begin` counts from 0). The other
 * adapters (`abpn-csv`, `frames`, `video`, `synth`) do not name a dataset, so they have no entry (`{}`): the
 * kit's general defaults apply. The config resolver applies them as defaults ← dataset defaults ← experiment ← CLI.
 *
 * @module
 */
import { DATASET_NAMES, type DatasetName, isDatasetName } from "./mod.ts";

/** Protocol settings the official configs fix per dataset. Names are those of the kit's loss and train options. */
export interface ProtocolDefaults {
  /** Loss weight r of the MaE terms (`LossOptions.macroRatio`, official `macro_ration`). */
  macroRatio: number;
  /** Training epochs (`TrainOptions.epochs`). */
  epochs: number;
  /** First evaluated epoch, 1-based (`TrainOptions.epochBegin`; official `epoch_begin` + 1). */
  epochBegin: number;
  /** Where the values come from (for reports and `--help`). */
  source: string;
}

const CONFIG = "official SpotFormer config.yaml / abfcm.py";

/** Defaults per dataset name; adapters that do not name a dataset of the official configs have no entry. */
export const PROTOCOL_DEFAULTS: Readonly<Partial<Record<DatasetName, Readonly<ProtocolDefaults>>>> = Object.freeze({
  "samm-lv": Object.freeze({ macroRatio: 0.55, epochs: 100, epochBegin: 2, source: `${CONFIG} (SAMM)` }),
  casme2: Object.freeze({ macroRatio: 0.5, epochs: 100, epochBegin: 7, source: `${CONFIG} (CAS(ME)^2)` }),
  casme3: Object.freeze({ macroRatio: 0.5, epochs: 90, epochBegin: 7, source: `${CONFIG} (CAS(ME)^3)` }),
});

/**
 * The protocol defaults of dataset `name` (a copy; `{}` when it has none). An unknown name is a RangeError.
 *
 * @example
 * ```ts
 * protocolDefaults("samm-lv").macroRatio; // 0.55
 * protocolDefaults("synth"); // {}
 * ```
 */
export function protocolDefaults(name: DatasetName): Partial<ProtocolDefaults> {
  if (!isDatasetName(name)) throw new RangeError(`unknown dataset "${name}"; known: ${DATASET_NAMES.join(", ")}`);
  return { ...PROTOCOL_DEFAULTS[name] };
}
