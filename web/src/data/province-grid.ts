/**
 * Hand-made tile-grid maps: every province (or provincial-level division) is one
 * square at a row and column that keep its rough place and neighbours. No map tiles,
 * no downloads. Viet Nam: the 34 provinces and cities of 1 July 2025. China: the 31
 * provincial-level divisions of the mainland (ISO 3166-2:CN codes).
 */
export interface Tile {
  code: string;
  row: number;
  col: number;
  /** A short label for the tile (the localized name is used when it fits). */
  abbr: string;
}

export interface TileGrid {
  root: string;
  rows: number;
  cols: number;
  tiles: Tile[];
}

/**
 * A grid drawn as it looks: a line a row, cells apart by spaces; a cell is the division's
 * code after the country's (`HN` is `VN-HN`), `.` an empty square. `abbr` labels a tile
 * otherwise than its code (with the Vietnamese letters).
 */
function drawnGrid(root: string, map: string, abbr: Record<string, string> = {}): TileGrid {
  const rows = map
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
  const tiles = rows.flatMap((cells, row) =>
    cells.flatMap((cell, col) => (cell === '.' ? [] : [{ code: `${root}-${cell}`, row, col, abbr: abbr[cell] ?? cell }])),
  );
  return { root, rows: rows.length, cols: Math.max(...rows.map((cells) => cells.length)), tiles };
}

export const VIET_NAM: TileGrid = drawnGrid(
  'VN',
  `
  LCH LCA TQ  CB  .
  DB  SL  PT  TN  LS
  .   .   HN  BN  QNI
  .   .   NB  HY  HP
  .   TH  .   .   .
  .   NA  .   .   .
  .   .   HT  .   .
  .   .   QT  .   .
  .   .   .   HUE .
  .   .   .   DN  .
  .   .   .   QNG .
  .   .   .   GL  .
  .   .   .   DLK .
  .   .   LD  KH  .
  .   TNI DNA .   .
  AG  DT  HCM .   .
  .   CT  VL  .   .
  .   CM  .   .   .
  `,
  {
    LCH: 'LCh',
    LCA: 'LCa',
    DB: 'ĐB',
    QNI: 'QNi',
    HUE: 'Huế',
    DN: 'ĐN',
    QNG: 'QNg',
    DLK: 'ĐL',
    LD: 'LĐ',
    TNI: 'TNi',
    DNA: 'ĐNa',
    DT: 'ĐT',
  },
);

export const CHINA: TileGrid = drawnGrid(
  'CN',
  `
  .  .  .  .  .  .  .  HL
  .  .  .  .  NM BJ TJ JL
  XJ .  GS NX SX HE SD LN
  XZ QH .  SN HA AH JS SH
  .  .  SC CQ HB JX ZJ .
  .  .  YN GZ HN FJ .  .
  .  .  .  GX GD .  .  .
  .  .  .  .  HI .  .  .
  `,
);

export const GRIDS: Record<string, TileGrid> = { VN: VIET_NAM, CN: CHINA };
