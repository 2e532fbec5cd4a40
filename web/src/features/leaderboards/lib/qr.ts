import { create } from 'qrcode';

/** A QR code as one SVG path of its dark modules (1 unit per module) and its size in modules. */
export function qrPath(text: string): { size: number; path: string } {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = modules;
  let path = '';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      // One rectangle per run of dark modules on the row keeps the path short.
      let run = 1;
      while (col + run < size && data[row * size + col + run]) run++;
      path += `M${col} ${row}h${run}v1h-${run}z`;
      col += run;
    }
  }
  return { size, path };
}
