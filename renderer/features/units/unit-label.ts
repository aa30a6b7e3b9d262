import type { TFunction } from 'i18next';
import type { Label } from '../../../shared/labels/label';
import type { ExpectedLine } from '../../../shared/returns';

/** The unit's label: its LPN as barcode, the product, the return, and where it goes. */
export function unitLabel(
  t: TFunction,
  input: {
    lpn: string;
    line?: ExpectedLine;
    name: string;
    rmaNo?: string;
    grade: string;
    disposition?: string;
    channel?: string;
    stationId: string;
    now: Date;
    locale: string;
  },
): Label {
  return {
    kind: 'unit',
    code: input.lpn,
    title: input.name.slice(0, 80),
    lines: [
      [input.rmaNo, input.line?.sku].filter(Boolean).join(' · '),
      `${t('receive.grade')} ${input.grade}${input.disposition ? ` · ${t(`vocab.dispositions.${input.disposition}`)}` : ''}`,
      input.channel ? `→ ${t(`vocab.channels.${input.channel}`)}` : t('receive.awaitingManager'),
    ].filter((l) => l.length > 0),
    footer: `${input.stationId} · ${input.now.toLocaleString(input.locale)}`,
  };
}
