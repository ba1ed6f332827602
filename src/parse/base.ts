// The contract between the document pipeline (document.ts) and the per-kind parsers.
import type { KubeObject } from '../model/objects.ts';
import type { Fields } from './reader.ts';

/** What every object shares, already parsed and defaulted by the pipeline. */
export type ObjectBase<K extends KubeObject['kind']> = Pick<Extract<KubeObject, { kind: K }>, 'kind' | 'apiVersion' | 'metadata' | 'source'>;

/**
 * Parses the kind-specific part of one document (`doc` is the whole document mapping at path '').
 * Reports through `doc.ctx`; returns undefined only when the object is unusable.
 */
export type KindParser<K extends KubeObject['kind']> = (doc: Fields, base: ObjectBase<K>) => Extract<KubeObject, { kind: K }> | undefined;
