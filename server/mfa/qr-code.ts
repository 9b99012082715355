import QRCode from 'qrcode';

/** The otpauth URI as an SVG data URI (the page CSP allows img data:; no script, no external request). */
export async function qrDataUri(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
