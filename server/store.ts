// The embedded SQLite store: federations, token hashes and the Yjs updates of each federation.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** A role a token grants: members read and write, observers only read. */
export type Role = 'member' | 'observer';

/** A stored token of a federation (its hash only). */
export interface TokenRow {
  hash: Buffer;
  role: Role;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

/** A stored Yjs update of a federation, in insertion order. */
export interface UpdateRow {
  id: number;
  data: Buffer;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS federations (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  hash BLOB PRIMARY KEY,
  federation_id TEXT NOT NULL REFERENCES federations(id),
  role TEXT NOT NULL CHECK (role IN ('member', 'observer')),
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS tokens_by_federation ON tokens(federation_id);
CREATE TABLE IF NOT EXISTS updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  federation_id TEXT NOT NULL REFERENCES federations(id),
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_federation ON updates(federation_id, id);
`;

/** Columns added after the first release, with their definitions. */
const ADDED_COLUMNS: [table: string, column: string, definition: string][] = [
  ['tokens', 'label', "TEXT NOT NULL DEFAULT ''"],
];

class TokenInUse extends Error {}

/**
 * The relay's SQLite database at `${dataDir}/relay.sqlite`: tokens (written here, synchronously)
 * and the updates, read here and written by the writer thread (writer.ts).
 */
export class Store {
  readonly #db: Database.Database;
  /** Path of the database file. */
  readonly file: string;
  readonly #stmt;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'relay.sqlite');
    this.#db = new Database(this.file);
    this.#db.pragma('journal_mode = WAL');
    // FULL: an update acknowledged by the relay survives a power cut, not just a crash.
    this.#db.pragma('synchronous = FULL');
    // Checkpoints run on the writer thread (writer.ts), not inside whichever commit crosses the
    // threshold.
    this.#db.pragma('wal_autocheckpoint = 0');
    this.#db.pragma('foreign_keys = ON');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
    for (const [table, column, definition] of ADDED_COLUMNS)
      this.#addColumn(table, column, definition);
    const db = this.#db;
    this.#stmt = {
      federation: db.prepare<[string], { id: string }>('SELECT id FROM federations WHERE id = ?'),
      insertFederation: db.prepare('INSERT INTO federations (id, created_at) VALUES (?, ?)'),
      tokens: db.prepare<[string], TokenRow>(
        'SELECT hash, role, label, created_at, revoked_at FROM tokens WHERE federation_id = ? ORDER BY rowid',
      ),
      insertToken: db.prepare(
        'INSERT OR IGNORE INTO tokens (hash, federation_id, role, created_at, label) VALUES (?, ?, ?, ?, ?)',
      ),
      revoke: db.prepare(
        'UPDATE tokens SET revoked_at = ? WHERE federation_id = ? AND hash = ? AND revoked_at IS NULL',
      ),
      activeMembers: db.prepare<[string], { hash: Buffer }>(
        "SELECT hash FROM tokens WHERE federation_id = ? AND role = 'member' AND revoked_at IS NULL",
      ),
      rows: db.prepare<[string], UpdateRow>(
        'SELECT id, data FROM updates WHERE federation_id = ? ORDER BY id',
      ),
    };
  }

  /** Whether the relay has seen this federation before. */
  hasFederation(federationId: string): boolean {
    return this.#stmt.federation.get(federationId) !== undefined;
  }

  /** Records a new federation whose member token has this hash; false if it exists or the hash is taken. */
  claim(federationId: string, tokenHash: Buffer): boolean {
    const claim = this.#db.transaction(() => {
      if (this.hasFederation(federationId)) return false;
      const now = new Date().toISOString();
      this.#stmt.insertFederation.run(federationId, now);
      // A secret already in use elsewhere rolls the claim back: no federation without a token.
      if (this.#stmt.insertToken.run(tokenHash, federationId, 'member', now, '').changes !== 1) {
        throw new TokenInUse();
      }
      return true;
    });
    try {
      return claim.immediate();
    } catch (err) {
      if (err instanceof TokenInUse) return false;
      throw err;
    }
  }

  /** The token hashes of a federation, revoked ones included. */
  tokens(federationId: string): TokenRow[] {
    return this.#stmt.tokens.all(federationId);
  }

  /** Adds a token to a federation; false if that hash is already a token (of any federation). */
  issueToken(federationId: string, tokenHash: Buffer, role: Role, label: string): boolean {
    const now = new Date().toISOString();
    return this.#stmt.insertToken.run(tokenHash, federationId, role, now, label).changes === 1;
  }

  /** Marks a token revoked (once); true if it was active. */
  revokeToken(federationId: string, tokenHash: Buffer): boolean {
    const now = new Date().toISOString();
    return this.#stmt.revoke.run(now, federationId, tokenHash).changes === 1;
  }

  /**
   * Replaces the federation's member token(s) with a new one in one transaction and returns the
   * hashes it revoked, or null if the new hash is already a token.
   */
  rotateMember(federationId: string, newHash: Buffer): Buffer[] | null {
    return this.#db
      .transaction(() => {
        const old = this.#stmt.activeMembers.all(federationId).map((row) => row.hash);
        if (!this.issueToken(federationId, newHash, 'member', '')) return null;
        for (const hash of old) this.revokeToken(federationId, hash);
        return old;
      })
      .immediate();
  }

  /** Bytes the database takes (pages in use, write-ahead log included). */
  storedBytes(): number {
    const pages = this.#db.pragma('page_count', { simple: true }) as number;
    const size = this.#db.pragma('page_size', { simple: true }) as number;
    return pages * size;
  }

  /** All stored updates of a federation, oldest first. */
  rows(federationId: string): UpdateRow[] {
    return this.#stmt.rows.all(federationId);
  }

  #addColumn(table: string, column: string, definition: string): void {
    const columns = this.#db.pragma(`table_info(${table})`) as { name: string }[];
    if (columns.some((c) => c.name === column)) return;
    this.#db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }

  /** Checkpoints the write-ahead log into the main file and closes the database. */
  close(): void {
    if (!this.#db.open) return;
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    this.#db.close();
  }
}
