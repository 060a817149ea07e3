import { cpus, freemem, loadavg, totalmem } from 'node:os';

/** What a figure was measured on: ratios travel between machines, absolute times do not. */
export interface MachineFacts {
  cores: number;
  cpu: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  loadAverage: number[];
  node: string;
}

export function machineFacts(): MachineFacts {
  const gib = (bytes: number) => Math.round((bytes / 2 ** 30) * 10) / 10;
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
  };
}

export const describeMachine = (m: MachineFacts = machineFacts()): string =>
  `${m.cores} cores, ${m.memoryGiB} GiB (${m.freeMemoryGiB} free), load ${m.loadAverage.join(' ')}, Node ${m.node}`;
