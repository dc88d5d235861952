// The exporter's metrics in Prometheus' text exposition format (0.0.4) and in OpenMetrics 1.0.
import { escapeLabelValue, type SeriesStore } from './series.js';

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** Whether a scraper's Accept header asks for OpenMetrics (Prometheus does, first, by default). */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  return accept !== undefined && /application\/openmetrics-text/i.test(accept);
}

/** What the metrics say besides the series. */
export interface ExporterState {
  store: SeriesStore;
  errors: boolean;
  /** Entries the kernel count map held at the last drain. */
  mapEntries: number;
  maxEntries: number;
  /** Insertions the full map refused, and the completions they carried. */
  droppedKeys: number;
  droppedSyscalls: number;
  /** Completions the kernel did not run the counter for. */
  skippedSyscalls: number;
  version: string;
}

type Kind = 'counter' | 'gauge' | 'info';

/**
 * One metric family: `name` is the family's name as OpenMetrics spells it (no _total, _info);
 * samples carry the suffix. The text format names a counter's family with the suffix.
 */
function family(openMetrics: boolean, name: string, kind: Kind, help: string, samples: string): string {
  const suffix = kind === 'counter' ? '_total' : kind === 'info' ? '_info' : '';
  const familyName = openMetrics ? name : name + suffix;
  const type = openMetrics ? kind : kind === 'info' ? 'gauge' : kind;
  return `# HELP ${familyName} ${help}\n# TYPE ${familyName} ${type}\n${samples}`;
}

const sample = (name: string, labels: string, value: number) => `${name}${labels ? `{${labels}}` : ''} ${value}\n`;

export function renderMetrics(state: ExporterState, openMetrics: boolean): string {
  const { store } = state;
  const labelList = store.labels.join(', ');
  const parts: string[] = [];
  let counts = '';
  let errors = '';
  for (const series of store.values()) {
    counts += `syscallbypid_syscalls_total{${series.labels}} ${series.count}\n`;
    if (state.errors) errors += `syscallbypid_syscall_errors_total{${series.labels}} ${series.errors}\n`;
  }
  parts.push(family(openMetrics, 'syscallbypid_syscalls', 'counter', `Syscall completions, by ${labelList}.`, counts));
  if (state.errors) {
    parts.push(family(openMetrics, 'syscallbypid_syscall_errors', 'counter', `Syscall completions that returned an error, by ${labelList}.`, errors));
  }
  const scalar = (name: string, kind: Kind, help: string, value: number) =>
    parts.push(family(openMetrics, name, kind, help, sample(name + (kind === 'counter' ? '_total' : ''), '', value)));
  scalar('syscallbypid_series', 'gauge', `Series of syscallbypid_syscalls_total (at most --max-series ${store.maxSeries}, plus folded ones).`, store.size);
  scalar('syscallbypid_folded_syscalls', 'counter', 'Completions counted in a series whose labels other than syscall read "other", because --max-series was reached.', store.folded);
  scalar('syscallbypid_map_entries', 'gauge', 'Entries the kernel count map held when last drained.', state.mapEntries);
  scalar('syscallbypid_map_max_entries', 'gauge', 'Bound of the kernel count map (--max-entries).', state.maxEntries);
  scalar('syscallbypid_dropped_keys', 'counter', 'Keys the full kernel count map refused; raise --max-entries if this grows.', state.droppedKeys);
  scalar('syscallbypid_dropped_syscalls', 'counter', 'Completions not counted because the kernel count map was full.', state.droppedSyscalls);
  scalar('syscallbypid_skipped_syscalls', 'counter', 'Completions the kernel skipped the counter for (it was already running on that CPU).', state.skippedSyscalls);
  parts.push(
    family(openMetrics, 'syscallbypid_build', 'info', 'The running syscallbypid.', sample('syscallbypid_build_info', `version="${escapeLabelValue(state.version)}"`, 1)),
  );
  if (openMetrics) parts.push('# EOF\n');
  return parts.join('');
}
