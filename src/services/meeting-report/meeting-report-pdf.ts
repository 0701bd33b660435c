/** PDF: the HTML page printed by Debian's Chromium through playwright-core. */
import { pdfPrinter, type PdfPrinter } from './pdf-printer.js';

export { CHROMIUM_ARGS, chromiumPath } from './pdf-printer.js';

export async function htmlToPdf(
  html: string,
  options: { footer?: string } = {},
  printer: PdfPrinter = pdfPrinter,
): Promise<Buffer> {
  return printer.withPage(async (page) => {
    // The page needs nothing from the network: fonts are local, styles inline.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: `<div style="font-size:7.5px;width:100%;padding:0 12mm;color:#7b8794;font-family:'Noto Sans',sans-serif;display:flex;justify-content:space-between;"><span>${options.footer ?? ''}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
    });
    return Buffer.from(pdf);
  });
}
