// The view model every object inspector renders: a title, a sentence, and sections of facts,
// chips, items and command outputs. Pure data, so each object's view is unit-tested without a DOM.
import { rangeOf } from '../../engine/index.ts';
import type { SourceRange } from '../../model/diagnostic.ts';
import type { ObjectSource } from '../../model/objects.ts';

export interface Fact {
  readonly label: string;
  readonly value: string;
}

export interface Item {
  readonly text: string;
  readonly detail: readonly string[];
  /** Where the item comes from in the YAML (a NetworkPolicy selecting a pod). */
  readonly range?: SourceRange;
}

/** A command's output as a node would print it (`ip route`, `iptables-save -t nat`). */
export interface Output {
  readonly command: string;
  readonly text: string;
}

export interface Section {
  readonly title: string;
  readonly facts?: readonly Fact[];
  readonly chips?: readonly string[];
  readonly items?: readonly Item[];
  readonly output?: Output;
  /** A note in words (what an empty list means, why something is missing). */
  readonly note?: string;
}

export interface ObjectView {
  readonly title: string;
  /** What it is, in a sentence. */
  readonly sentence?: string;
  /** The object's document in the YAML, when it came from there (built-in objects have none). */
  readonly range?: SourceRange;
  readonly sections: readonly Section[];
}

export const sourceRange = (source: ObjectSource | undefined): SourceRange | undefined => (source ? rangeOf(source, '') : undefined);

export const fact = (label: string, value: string | number | undefined): Fact[] => (value === undefined || value === '' ? [] : [{ label, value: String(value) }]);

export const labelChips = (labels: Readonly<Record<string, string>>): string[] => Object.entries(labels).map(([k, v]) => `${k}=${v}`);

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
