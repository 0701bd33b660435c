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

export const VIET_NAM: TileGrid = {
  root: 'VN',
  rows: 18,
  cols: 5,
  tiles: [
    { code: 'VN-LCH', row: 0, col: 0, abbr: 'LCh' },
    { code: 'VN-LCA', row: 0, col: 1, abbr: 'LCa' },
    { code: 'VN-TQ', row: 0, col: 2, abbr: 'TQ' },
    { code: 'VN-CB', row: 0, col: 3, abbr: 'CB' },
    { code: 'VN-DB', row: 1, col: 0, abbr: 'ĐB' },
    { code: 'VN-SL', row: 1, col: 1, abbr: 'SL' },
    { code: 'VN-PT', row: 1, col: 2, abbr: 'PT' },
    { code: 'VN-TN', row: 1, col: 3, abbr: 'TN' },
    { code: 'VN-LS', row: 1, col: 4, abbr: 'LS' },
    { code: 'VN-HN', row: 2, col: 2, abbr: 'HN' },
    { code: 'VN-BN', row: 2, col: 3, abbr: 'BN' },
    { code: 'VN-QNI', row: 2, col: 4, abbr: 'QNi' },
    { code: 'VN-NB', row: 3, col: 2, abbr: 'NB' },
    { code: 'VN-HY', row: 3, col: 3, abbr: 'HY' },
    { code: 'VN-HP', row: 3, col: 4, abbr: 'HP' },
    { code: 'VN-TH', row: 4, col: 1, abbr: 'TH' },
    { code: 'VN-NA', row: 5, col: 1, abbr: 'NA' },
    { code: 'VN-HT', row: 6, col: 2, abbr: 'HT' },
    { code: 'VN-QT', row: 7, col: 2, abbr: 'QT' },
    { code: 'VN-HUE', row: 8, col: 3, abbr: 'Huế' },
    { code: 'VN-DN', row: 9, col: 3, abbr: 'ĐN' },
    { code: 'VN-QNG', row: 10, col: 3, abbr: 'QNg' },
    { code: 'VN-GL', row: 11, col: 3, abbr: 'GL' },
    { code: 'VN-DLK', row: 12, col: 3, abbr: 'ĐL' },
    { code: 'VN-LD', row: 13, col: 2, abbr: 'LĐ' },
    { code: 'VN-KH', row: 13, col: 3, abbr: 'KH' },
    { code: 'VN-TNI', row: 14, col: 1, abbr: 'TNi' },
    { code: 'VN-DNA', row: 14, col: 2, abbr: 'ĐNa' },
    { code: 'VN-AG', row: 15, col: 0, abbr: 'AG' },
    { code: 'VN-DT', row: 15, col: 1, abbr: 'ĐT' },
    { code: 'VN-HCM', row: 15, col: 2, abbr: 'HCM' },
    { code: 'VN-CT', row: 16, col: 1, abbr: 'CT' },
    { code: 'VN-VL', row: 16, col: 2, abbr: 'VL' },
    { code: 'VN-CM', row: 17, col: 1, abbr: 'CM' },
  ],
};

export const CHINA: TileGrid = {
  root: 'CN',
  rows: 8,
  cols: 8,
  tiles: [
    { code: 'CN-HL', row: 0, col: 7, abbr: 'HL' },
    { code: 'CN-NM', row: 1, col: 4, abbr: 'NM' },
    { code: 'CN-BJ', row: 1, col: 5, abbr: 'BJ' },
    { code: 'CN-TJ', row: 1, col: 6, abbr: 'TJ' },
    { code: 'CN-JL', row: 1, col: 7, abbr: 'JL' },
    { code: 'CN-XJ', row: 2, col: 0, abbr: 'XJ' },
    { code: 'CN-GS', row: 2, col: 2, abbr: 'GS' },
    { code: 'CN-NX', row: 2, col: 3, abbr: 'NX' },
    { code: 'CN-SX', row: 2, col: 4, abbr: 'SX' },
    { code: 'CN-HE', row: 2, col: 5, abbr: 'HE' },
    { code: 'CN-SD', row: 2, col: 6, abbr: 'SD' },
    { code: 'CN-LN', row: 2, col: 7, abbr: 'LN' },
    { code: 'CN-XZ', row: 3, col: 0, abbr: 'XZ' },
    { code: 'CN-QH', row: 3, col: 1, abbr: 'QH' },
    { code: 'CN-SN', row: 3, col: 3, abbr: 'SN' },
    { code: 'CN-HA', row: 3, col: 4, abbr: 'HA' },
    { code: 'CN-AH', row: 3, col: 5, abbr: 'AH' },
    { code: 'CN-JS', row: 3, col: 6, abbr: 'JS' },
    { code: 'CN-SH', row: 3, col: 7, abbr: 'SH' },
    { code: 'CN-SC', row: 4, col: 2, abbr: 'SC' },
    { code: 'CN-CQ', row: 4, col: 3, abbr: 'CQ' },
    { code: 'CN-HB', row: 4, col: 4, abbr: 'HB' },
    { code: 'CN-JX', row: 4, col: 5, abbr: 'JX' },
    { code: 'CN-ZJ', row: 4, col: 6, abbr: 'ZJ' },
    { code: 'CN-YN', row: 5, col: 2, abbr: 'YN' },
    { code: 'CN-GZ', row: 5, col: 3, abbr: 'GZ' },
    { code: 'CN-HN', row: 5, col: 4, abbr: 'HN' },
    { code: 'CN-FJ', row: 5, col: 5, abbr: 'FJ' },
    { code: 'CN-GX', row: 6, col: 3, abbr: 'GX' },
    { code: 'CN-GD', row: 6, col: 4, abbr: 'GD' },
    { code: 'CN-HI', row: 7, col: 4, abbr: 'HI' },
  ],
};

export const GRIDS: Record<string, TileGrid> = { VN: VIET_NAM, CN: CHINA };
