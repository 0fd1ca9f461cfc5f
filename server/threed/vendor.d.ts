// Type declarations of the untyped packages the 3D service and its tests use.
declare module '@mapbox/martini' {
  export default class Martini {
    constructor(gridSize?: number);
    createTile(terrain: Float32Array): { getMesh(maxError?: number): { vertices: Uint16Array; triangles: Uint32Array } };
  }
}

declare module 'gltf-validator' {
  export interface ValidatorMessage { code: string; message: string; severity: number; pointer?: string }
  export interface ValidatorReport {
    issues: { numErrors: number; numWarnings: number; numInfos: number; numHints: number; messages: ValidatorMessage[] };
    info?: Record<string, unknown>;
  }
  export function validateBytes(data: Uint8Array, options?: Record<string, unknown>): Promise<ValidatorReport>;
  const validator: { validateBytes: typeof validateBytes; version(): string };
  export default validator;
}
