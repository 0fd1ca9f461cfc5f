// The catalogue layers of each data set of the tariff (fees/tariff.ts EXTRACT_DATASETS): what a released extract of
// that data set holds. The role of the order decides what is visible (owners only for the entitled). A data set
// with no layers here is priced by the tariff but not ordered through the portals: the service does not hold it
// (BDOT500 has no layers of its own yet), so taking a fee for it would promise files no job can produce.
import type { ExtractDataset } from '../../fees/tariff.ts';

export const DATASET_LAYERS: Record<ExtractDataset, readonly string[]> = {
  egib: ['egib:obreby', 'egib:dzialki', 'egib:budynki', 'egib:kontury_uzytkow', 'egib:kontury_klasyfikacyjne'],
  egib_podstawowe: ['egib:obreby', 'egib:dzialki', 'egib:budynki'],
  gesut: ['gesut:przewody', 'gesut:urzadzenia'],
  bdot500: [],
};

/** Whether the portals take orders for a data set (the service can release it as files). */
export const orderable = (dataset: ExtractDataset): boolean => DATASET_LAYERS[dataset].length > 0;
