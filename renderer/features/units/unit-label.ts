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

/** The label a unit gets again after a decision changes it (a correction, a manager's decision): the new grade and route, the same unit. */
export function relabelAfterDecision(
  t: TFunction,
  input: { line?: ExpectedLine | undefined; name: string; rmaNo?: string | undefined; stationId: string; locale: string },
) {
  return (lpn: string, d: { grade: string; disposition?: string | undefined; channel?: string | undefined }): Label =>
    unitLabel(t, {
      lpn,
      ...(input.line ? { line: input.line } : {}),
      name: input.name,
      ...(input.rmaNo ? { rmaNo: input.rmaNo } : {}),
      grade: d.grade,
      ...(d.disposition ? { disposition: d.disposition } : {}),
      ...(d.channel ? { channel: d.channel } : {}),
      stationId: input.stationId,
      now: new Date(),
      locale: input.locale,
    });
}
