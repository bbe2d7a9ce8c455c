// Counters of the relay and their Prometheus text exposition (GET /metrics).

/** Gauges read at scrape time. */
export interface Gauges {
  connections: number;
  federations: number;
  storedBytes: number;
  unwrittenBytes: number;
}

/** The relay's counters; gauges are read from the live state when scraped. */
export class Metrics {
  /** Whether the relay shares its federations through Redis (adds the relay_redis_* figures). */
  constructor(readonly redis = false) {}

  updates = 0;
  updateBytes = 0;
  compactions = 0;
  acks = 0;
  /** Updates this process appended to Redis streams (REDIS_URL only). */
  redisAppends = 0;
  /** Other processes' updates read from Redis streams and applied here. */
  redisApplied = 0;
  /** Age of the last such update when it was applied, by the stream id's clock. */
  redisLagMs = 0;
  /** Times the relay stopped reading sockets because the store fell behind. */
  intakePauses = 0;
  readonly refusals = new Map<string, number>();

  /** Counts one refused or closed-for-cause socket or request, by reason. */
  refused(reason: string): void {
    this.refusals.set(reason, (this.refusals.get(reason) ?? 0) + 1);
  }

  /** Counts one stored client update of `bytes`. */
  updated(bytes: number): void {
    this.updates += 1;
    this.updateBytes += bytes;
  }

  /** The Prometheus text format (version 0.0.4) of every metric. */
  render(gauges: Gauges): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric('relay_connections', 'gauge', 'Open sync sockets that passed authentication.', [
      ['', gauges.connections],
    ]);
    metric('relay_federations_loaded', 'gauge', 'Federations held in memory.', [
      ['', gauges.federations],
    ]);
    metric('relay_updates_total', 'counter', 'Client updates durably stored.', [
      ['', this.updates],
    ]);
    metric('relay_update_bytes_total', 'counter', 'Bytes of client updates stored.', [
      ['', this.updateBytes],
    ]);
    metric('relay_stored_bytes', 'gauge', 'Bytes of the store (SQLite file, or Redis memory).', [
      ['', gauges.storedBytes],
    ]);
    metric('relay_compactions_total', 'counter', 'Compactions of stored updates.', [
      ['', this.compactions],
    ]);
    metric('relay_acks_total', 'counter', 'Acks sent to clients after a durable write.', [
      ['', this.acks],
    ]);
    metric('relay_unwritten_bytes', 'gauge', 'Bytes of updates accepted, not yet durable.', [
      ['', gauges.unwrittenBytes],
    ]);
    metric('relay_intake_pauses_total', 'counter', 'Pauses of reading while the store caught up.', [
      ['', this.intakePauses],
    ]);
    if (this.redis) {
      metric('relay_redis_appends_total', 'counter', 'Updates appended to Redis streams.', [
        ['', this.redisAppends],
      ]);
      metric('relay_redis_applied_total', 'counter', "Other processes' updates applied.", [
        ['', this.redisApplied],
      ]);
      metric('relay_redis_lag_ms', 'gauge', "Age of the last other process's update applied.", [
        ['', this.redisLagMs],
      ]);
    }
    const refusals = [...this.refusals].sort(([a], [b]) => a.localeCompare(b));
    metric(
      'relay_refusals_total',
      'counter',
      'Sockets and requests refused or closed for cause, by reason.',
      refusals.map(([reason, n]) => [`{reason="${reason}"}`, n]),
    );
    return lines.join('\n') + '\n';
  }
}
