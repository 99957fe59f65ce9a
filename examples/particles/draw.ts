/**
 * Drawing: each particle brightens one pixel of an intensity buffer, which a palette turns into the canvas's
 * pixels. The same code draws both panels, so drawing costs the same on each side.
 */

/** One panel's pixels and the intensity buffer they are made from. */
export class Picture {
  readonly image: ImageData;
  private readonly pixels: Uint32Array;
  private readonly intensity: Uint8Array;
  private readonly palette = new Uint32Array(256);

  constructor(readonly context: CanvasRenderingContext2D) {
    const { width, height } = context.canvas;
    this.image = context.createImageData(width, height);
    this.pixels = new Uint32Array(this.image.data.buffer);
    this.intensity = new Uint8Array(width * height);
    for (let level = 0; level < 256; level++) {
      const t = level / 255;
      const red = Math.round(255 * Math.min(1, t * 1.6));
      const green = Math.round(255 * Math.min(1, t * t * 1.9));
      const blue = Math.round(255 * Math.min(1, 0.18 + t));
      this.palette[level] = (0xff << 24) | (blue << 16) | (green << 8) | red; // ABGR: little-endian RGBA bytes
    }
  }

  /** Clears the intensity buffer before the particles of a frame are plotted. */
  clear(): void {
    this.intensity.fill(0);
  }

  /** Brightens the pixel under world position (x, y), for a world of `size` units. */
  plot(x: number, y: number, size: number): void {
    const { width, height } = this.image;
    const column = Math.floor((x / size) * width);
    const row = Math.floor((y / size) * height);
    if (column < 0 || row < 0 || column >= width || row >= height) return;
    const at = row * width + column;
    const level = this.intensity[at] as number;
    this.intensity[at] = level > 215 ? 255 : level + 40;
  }

  /** Turns the intensities into pixels and puts them on the canvas; returns how many pixels are lit. */
  show(): number {
    let lit = 0;
    for (let at = 0; at < this.intensity.length; at++) {
      const level = this.intensity[at] as number;
      if (level !== 0) lit++;
      this.pixels[at] = this.palette[level] as number;
    }
    this.context.putImageData(this.image, 0, 0);
    return lit;
  }
}
