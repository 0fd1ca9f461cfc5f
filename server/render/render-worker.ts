// The tasks of a render thread (render-pool.ts): paint a scene with Skia and encode it (PNG by render/png.ts, the
// other formats by sharp), and draw the label glyph ranges (glyphs). Both are synchronous native work of 10–300 ms
// for a big map (@napi-rs/canvas records drawing calls and rasterises when the pixels are read), which here runs
// beside the event loop instead of blocking it.
import { drawScene, type MapScene } from './render-map.ts';
import { encodeImage } from './encode.ts';
import type { ImageFormat } from './map-request.ts';
import { glyphRange } from '../style/glyphs.ts';

export interface RenderTask { scene: MapScene; format: ImageFormat }
export interface RenderResult { body: Uint8Array; labels: number }

export async function paintAndEncode(task: RenderTask): Promise<RenderResult> {
  const { canvas, labels } = drawScene(task.scene);
  return { body: await encodeImage(canvas, task.format, task.scene.transparent), labels };
}

/** A glyph range of the MapLibre labels (style/glyphs.ts): 100–170 ms of Skia work, kept by the thread that made it. */
export function glyphs(task: { fontStack: string; start: number }): Uint8Array {
  return glyphRange(task.fontStack, task.start);
}

export default paintAndEncode;
