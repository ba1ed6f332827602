// Diagnostics are values with source positions (STYLE.md habit 5).

export type Severity = 'error' | 'warning' | 'info';

/** A span of source text. Lines and columns are 1-based; `doc` is the 1-based YAML document index in its file. */
export interface SourceRange {
  readonly file?: string;
  readonly doc: number;
  readonly startLine: number;
  readonly startCol: number;
  readonly endLine: number;
  readonly endCol: number;
}

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable code from `diagnosticCodes` (see catalogue.ts). */
  readonly code: DiagnosticCode;
  /** A sentence a student understands: what is wrong and, where possible, how to fix it. */
  readonly message: string;
  readonly range: SourceRange;
  /** Field path inside the object, e.g. `spec.ports[0].targetPort`; '' for the whole document. */
  readonly path: string;
  /** The object the diagnostic is about, e.g. `Service shop/web`, when known. */
  readonly object?: string;
}

export const diagnosticCodes = {
  // YAML and document level
  'yaml-syntax': 'The text is not valid YAML.',
  'yaml-too-large': 'The input is larger than the simulator accepts.',
  'yaml-too-deep': 'The YAML nests deeper than the simulator accepts.',
  'yaml-alias-bomb': 'YAML aliases expand to more nodes than the simulator accepts.',
  'yaml-11-surprise': 'A YAML 1.1 plain scalar (yes/no/on/off) is read as a boolean, which is rarely meant.',
  'not-an-object': 'A document must be a mapping with apiVersion, kind and metadata.',
  'missing-field': 'A required field is missing.',
  'wrong-type': 'A field has the wrong type.',
  'invalid-value': 'A field has a value the API server rejects.',
  'unknown-kind': 'The kind is not one Kubernetes or the simulator knows.',
  'unsupported-api-version': 'The apiVersion does not serve this kind.',
  'skipped-kind': 'The kind is valid but does not affect networking; it is skipped.',
  'unsimulated-kind': 'The kind changes networking but is not simulated; verdicts may differ from a real cluster.',
  'unsimulated-feature': 'A setting changes networking but is not simulated; verdicts may differ from a real cluster.',
  'unknown-field': 'A field is not part of the schema of this kind.',
  'duplicate-name': 'Two objects of the same kind share a namespace and name.',
  'duplicate-cluster': 'More than one Cluster object; only the first is used.',
  'simulator-limit': 'A count (replicas, nodes) is larger than the simulator handles; it is capped.',
  'internal-error': 'The simulator failed on this input; this is a bug in the simulator, please report it.',
  // cross-object checks (cluster build)
  'selector-matches-nothing': 'A selector matches no pod.',
  'targetport-not-found': 'A named targetPort is not defined by any container of a selected pod.',
  'nodeport-out-of-range': 'A nodePort is outside the node port range.',
  'nodeport-taken': 'A nodePort is already allocated to another Service.',
  'clusterip-out-of-range': 'A requested clusterIP is outside the Service CIDR.',
  'clusterip-taken': 'A requested clusterIP is already allocated.',
  'pod-ip-outside-node-cidr': "A pod's IP is outside the pod CIDR of its node.",
  'pod-unschedulable': 'No node can run the pod.',
  'node-not-found': 'A referenced node does not exist.',
  'namespace-not-found': 'An object is in a namespace that is not defined; it is created implicitly.',
  'ipblock-with-selector': 'A NetworkPolicy peer mixes ipBlock with a selector.',
  'endport-with-named-port': 'endPort is only valid with a numeric port.',
  'address-pool-exhausted': 'An address range ran out of addresses.',
  'policy-not-enforced': 'NetworkPolicies exist but the CNI does not enforce them.',
  'nodes-not-adjacent': 'The CNI routes pods through node addresses, but some nodes are on different subnets.',
  'flow-invalid': 'A Flow cannot be understood.',
} as const;

export type DiagnosticCode = keyof typeof diagnosticCodes;
