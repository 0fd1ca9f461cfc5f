// Limits of the WMS, from the environment. (Belongs in server/config.ts next to the feature limits; kept
// here until that shared module takes it — see the WMS report.)
export interface WmsLimits {
  /** Largest WIDTH and HEIGHT of a map or legend, pixels (advertised as MaxWidth/MaxHeight). */
  maxSize: number;
  /** Largest FEATURE_COUNT of GetFeatureInfo. */
  maxFeatureInfo: number;
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

export function loadWmsLimits(env: NodeJS.ProcessEnv = process.env): WmsLimits {
  return {
    maxSize: positiveInt(env.WMS_MAX_SIZE, 4096, 'WMS_MAX_SIZE'),
    maxFeatureInfo: positiveInt(env.WMS_MAX_FEATURE_INFO, 50, 'WMS_MAX_FEATURE_INFO'),
  };
}
