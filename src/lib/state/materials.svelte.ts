// The materials library, for screens: translations, coverage per language and search.
import type * as Y from 'yjs';
import type { FieldErrors } from '$lib/domain/errors';
import type { GatheringId, MaterialId, PersonId } from '$lib/domain/ids';
import {
  addMaterial,
  addTranslation,
  blankMaterial,
  coverage,
  listMaterials,
  markUpToDate,
  MATERIAL_KINDS,
  MATERIAL_STATUSES,
  missedRevisions,
  observeMaterials,
  removeMaterial,
  restoreMaterial,
  searchMaterials,
  setUsedAt,
  updateMaterial,
  validateMaterial,
  type Coverage,
  type Material,
  type MaterialInput,
  type Revision,
} from '$lib/domain/materials';
import { EntityList } from './entities.svelte';

export class MaterialsState extends EntityList<Material> {
  #doc: Y.Doc;
  #by: () => PersonId;

  readonly kinds = MATERIAL_KINDS;
  readonly statuses = MATERIAL_STATUSES;

  constructor(doc: Y.Doc, by: () => PersonId) {
    super(doc, observeMaterials, listMaterials);
    this.#doc = doc;
    this.#by = by;
  }

  /** Active materials matching every word of `query`. */
  search(query: string): Material[] {
    return searchMaterials(this.active, query);
  }

  /** What exists in each language for each original. */
  coverage(languages: string[]): { source: Material; byLanguage: Record<string, Coverage> }[] {
    return coverage(this.all, languages);
  }

  /** Source changes a translation has not caught up with (empty for originals and current ones). */
  missed(material: Material): Revision[] {
    const source = material.sourceId ? this.byId.get(material.sourceId) : undefined;
    return source ? missedRevisions(material, source) : [];
  }

  /** An empty form in `language`. */
  blank(language = ''): MaterialInput {
    return blankMaterial(language);
  }

  /** Field errors (message keys) of a form. */
  validate(input: MaterialInput): FieldErrors<keyof MaterialInput> {
    return validateMaterial(input);
  }

  /** Adds an original, or a translation of `sourceId`; returns its id. */
  add(input: MaterialInput, sourceId?: MaterialId): MaterialId {
    return sourceId
      ? addTranslation(this.#doc, sourceId, input, this.#by())
      : addMaterial(this.#doc, input, this.#by());
  }

  /** Saves the changed fields. */
  update(id: MaterialId, patch: Partial<MaterialInput>): void {
    updateMaterial(this.#doc, id, patch, this.#by());
  }

  /** Marks a translation as checked against its source as it is now. */
  markUpToDate(id: MaterialId): void {
    markUpToDate(this.#doc, id, this.#by());
  }

  /** Links or unlinks an event where the material was used. */
  setUsedAt(id: MaterialId, gatheringId: GatheringId, used: boolean): void {
    setUsedAt(this.#doc, id, gatheringId, used, this.#by());
  }

  /** Removes (tombstone). */
  remove(id: MaterialId): void {
    removeMaterial(this.#doc, id, this.#by());
  }

  /** Brings a removed material back. */
  restore(id: MaterialId): void {
    restoreMaterial(this.#doc, id, this.#by());
  }
}
