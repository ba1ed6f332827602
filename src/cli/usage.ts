// Help texts. Kept beside the flags they describe so `--help` never drifts from the parser.

export const mainUsage = `kube-netsim: a Kubernetes pod-networking simulator on the command line.

Usage:
  kube-netsim check -f PATH... [-o text|json]
  kube-netsim get RESOURCE[,RESOURCE...] [NAME...] -f PATH... [-n NAMESPACE | -A] [-o wide|json|yaml|name]

Commands:
  check   Report every problem in the manifests, as path:line:col: severity code: message
  get     List simulated objects like kubectl get (pods, services, endpoints, ...)
  help    Show help for a command

Inputs:
  -f, --filename PATH   A file, or a directory read recursively (.yaml, .yml, .json);
                        repeatable; "-" reads standard input.

Exit codes: 0 success, 1 a negative answer (check found errors), 2 bad usage or unreadable input.
Run 'kube-netsim <command> --help' for the options of a command.
`;

export const commandUsage: Readonly<Record<string, string>> = {
  check: `Report every problem the simulator finds in the manifests: YAML syntax, schema and API-server
validation, and cross-object checks (a selector that matches nothing, a named targetPort no pod defines).

Usage:
  kube-netsim check -f PATH... [-o text|json]

Options:
  -f, --filename PATH   File or directory (recursive); repeatable; "-" reads standard input.
  -o, --output FORMAT   text (default): path:line:col: severity code: message, then a summary;
                        json: the diagnostics as a JSON array.

Exit code 1 when there is at least one error; warnings and info messages alone exit 0.
`,
  get: `List the objects of the simulated cluster, as kubectl get shows them (without AGE: output never
depends on the clock). Simulated system objects (CoreDNS, the kubernetes Service, ingress-nginx)
appear where a real cluster has them.

Usage:
  kube-netsim get RESOURCE[,RESOURCE...] [NAME...] -f PATH... [-n NAMESPACE | -A] [-o wide|json|yaml|name]

Resources:
  pods (po), services (svc), endpoints (ep), endpointslices, nodes (no),
  networkpolicies (netpol), namespaces (ns). Several at once: get pods,svc

Options:
  -f, --filename PATH      File or directory (recursive); repeatable; "-" reads standard input.
  -n, --namespace NS       Namespace to list (default: default).
  -A, --all-namespaces     List every namespace, with a NAMESPACE column.
  -o, --output FORMAT      wide (more columns), json or yaml (a v1 List with simulated status),
                           name (kind/name, one a line).

Errors in the manifests do not stop get: it shows what could be built and says how many errors there were.
`,
};

export const usageHint = "See 'kube-netsim --help' for usage.";
