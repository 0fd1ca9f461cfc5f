// Canvas to image bytes: PNG by our own writer on the calling (render) thread (render/png.ts, 3× cheaper than sharp for
// a 256² map); PNG8, JPEG and WebP through libvips (sharp). Measured on a real 1024×1024 map at 1:2000 (see the WMS
// report): PNG 40 ms in sharp vs 370 ms in Skia's encoder; JPEG 31 vs 81 ms; lossy WebP 135 vs 316 ms
// (lossless WebP took 3 s). PNG8 is quantised by libimagequant inside sharp (pngquant's engine: the best
// palette quality, with alpha) at its fastest setting, still 350–450 ms per megapixel (25 ms per 256² tile).
import type { Canvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { encodePng } from './png.ts';
import type { ImageFormat } from './map-request.ts';

sharp.cache(false);

export const MIME_TYPES: Record<ImageFormat, string> = {
  png: 'image/png',
  png8: 'image/png; mode=8bit',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** The content type of a response in the format. */
export function contentType(format: ImageFormat): string {
  return format === 'png8' ? 'image/png' : MIME_TYPES[format];
}

/** An opaque image is written without its alpha channel (RGB PNG, smaller and what clients expect). */
export async function encodeImage(canvas: Canvas, format: ImageFormat, transparent: boolean): Promise<Buffer> {
  // Skia stores premultiplied RGBA; only a transparent image needs un-premultiplying (opaque pixels are equal).
  const keepAlpha = transparent && format !== 'jpeg';
  if (format === 'png') return encodePng(canvas.data(), canvas.width, canvas.height, keepAlpha);
  let img = sharp(canvas.data(), { raw: { width: canvas.width, height: canvas.height, channels: 4, premultiplied: keepAlpha } });
  if (!keepAlpha) img = img.removeAlpha();
  switch (format) {
    case 'png8': return img.png({ palette: true, colours: 256, effort: 1, dither: 0, compressionLevel: 6 }).toBuffer();
    case 'jpeg': return img.jpeg({ quality: 85 }).toBuffer();
    case 'webp': return img.webp({ quality: 85, effort: 0, alphaQuality: 100 }).toBuffer();
  }
}
