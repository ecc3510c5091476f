import { AppError } from '../../contract/result.js';

/**
 * Printers we know how to drive. Models differ in what matters to us: whether they answer DLE EOT
 * (without it we cannot tell paper-out from printed), whether they have a cutter (without one the
 * ticket is fed past the tear bar instead of cut) and whether they draw QR codes (without that the
 * member QR is left off the receipt; members check in by phone or face instead).
 * An unknown model is an error rather than a guess: a wrong guess prints garbage at the counter.
 */
export interface PrinterModel {
  id: string;
  name: string;
  hasStatus: boolean;
  hasCutter: boolean;
  hasQr: boolean;
}

export const PRINTER_MODELS: readonly PrinterModel[] = [
  { id: 'generic-escpos', name: 'Generic ESC/POS (Chinese firmware)', hasStatus: true, hasCutter: true, hasQr: true },
  { id: 'epson-tm-t82', name: 'Epson TM-T82 (China)', hasStatus: true, hasCutter: true, hasQr: true },
  { id: 'epson-tm-t88', name: 'Epson TM-T88V/VI', hasStatus: true, hasCutter: true, hasQr: true },
  // Still common at counters; 2D codes (GS ( k) arrived with the TM-T88V.
  { id: 'epson-tm-t88iv', name: 'Epson TM-T88IV', hasStatus: true, hasCutter: true, hasQr: false },
  { id: 'xprinter-xp-58', name: 'Xprinter XP-58 series', hasStatus: true, hasCutter: false, hasQr: true },
  { id: 'xprinter-xp-80', name: 'Xprinter XP-80 series', hasStatus: true, hasCutter: true, hasQr: true },
  { id: 'gprinter-gp-80', name: 'Gprinter GP-80 series', hasStatus: true, hasCutter: true, hasQr: true },
  { id: 'sunmi-80', name: 'SUNMI 80 mm cloud/kitchen printer', hasStatus: true, hasCutter: true, hasQr: true },
];

export function findPrinterModel(id: string): PrinterModel {
  const model = PRINTER_MODELS.find((m) => m.id === id);
  if (!model) {
    throw new AppError('PRINTER_MODEL_UNKNOWN', `Unknown printer model "${id.slice(0, 40)}". Known models: ${PRINTER_MODELS.map((m) => m.id).join(', ')}`, {
      details: { model: id.slice(0, 40), known: PRINTER_MODELS.map((m) => m.id) },
    });
  }
  return model;
}
