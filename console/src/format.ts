/**
 * How the console writes money, dates and tier progress for the agent reading it: the programme
 * currency in the viewer's locale (minor units → "€1,829.80"), dates in the viewer's time zone, and
 * progress as a sentence instead of JSON.
 */
export function money(minor: number, currency: string): string {
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

export function day(iso: string | null | undefined): string {
  return iso
    ? new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' }).format(
        new Date(iso),
      )
    : '–';
}

export interface TierGap {
  met: boolean;
  spendMinor: number | null;
  orders: number | null;
  points: number | null;
}

const plural = (count: number, word: string) => `${count.toLocaleString()} ${word}${count === 1 ? '' : 's'}`;

/** "€1,829.80 and 10 orders more" — what is missing, in words; empty when nothing is. */
export function gapInWords(gap: TierGap | null | undefined, currency: string): string {
  if (!gap || gap.met) return '';
  const parts = [
    gap.spendMinor ? money(gap.spendMinor, currency) : null,
    gap.orders ? plural(gap.orders, 'order') : null,
    gap.points ? plural(gap.points, 'point') : null,
  ].filter(Boolean);
  return parts.length ? `${parts.join(' and ')} more` : '';
}

export function tierSentences(
  progress: {
    current: { name: string };
    next: { name: string } | null;
    keepBy: string | null;
    missingForNext: TierGap | null;
    neededToKeep: TierGap | null;
  } | null,
  currency: string,
): string[] {
  if (!progress) return ['No tier yet'];
  const sentences: string[] = [];
  const forNext = gapInWords(progress.missingForNext, currency);
  if (progress.next) {
    sentences.push(
      forNext
        ? `${forNext} for ${progress.next.name}`
        : `${progress.next.name} is reached at the next review`,
    );
  } else {
    sentences.push(`${progress.current.name} is the top of the ladder`);
  }
  const toKeep = gapInWords(progress.neededToKeep, currency);
  if (toKeep) {
    sentences.push(
      `${toKeep} to keep ${progress.current.name}${progress.keepBy ? ` by ${day(progress.keepBy)}` : ''}`,
    );
  } else {
    sentences.push(
      `${progress.current.name} is kept${progress.keepBy ? ` at the review on ${day(progress.keepBy)}` : ''}`,
    );
  }
  return sentences;
}

/** A moment in the viewer's time zone, with the zone named so an agent on the phone can say it. */
export function moment(iso: string | null | undefined): string {
  return iso
    ? new Intl.DateTimeFormat(undefined, {
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(new Date(iso)) + ` ${zoneName(new Date(iso))}`
    : '–';
}

function zoneName(date: Date): string {
  const part = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

export interface ProgressBar {
  label: string;
  value: number;
  max: number;
  text: string;
}

/**
 * One bar per requirement still counting towards the next tier: what the member has in the
 * qualification window against what the tier asks (has + missing).
 */
export function tierBars(
  figures: { spendMinor: number; orders: number; points: number },
  gap: TierGap | null | undefined,
  currency: string,
): ProgressBar[] {
  if (!gap) return [];
  const bars: ProgressBar[] = [];
  if (gap.spendMinor !== null) {
    const max = figures.spendMinor + gap.spendMinor;
    bars.push({
      label: 'Spend',
      value: figures.spendMinor,
      max,
      text: `${money(figures.spendMinor, currency)} of ${money(max, currency)}`,
    });
  }
  if (gap.orders !== null) {
    const max = figures.orders + gap.orders;
    bars.push({ label: 'Orders', value: figures.orders, max, text: `${figures.orders} of ${max}` });
  }
  if (gap.points !== null) {
    const max = figures.points + gap.points;
    bars.push({
      label: 'Points',
      value: figures.points,
      max,
      text: `${figures.points.toLocaleString()} of ${max.toLocaleString()}`,
    });
  }
  return bars;
}
