// Help texts. Kept beside the flags they describe so `--help` never drifts from the parser.

export const mainUsage = `kube-netsim: a Kubernetes pod-networking simulator on the command line.

Usage:
  kube-netsim check -f PATH... [-o text|json]
  kube-netsim get RESOURCE[,RESOURCE...] [NAME...] -f PATH... [-n NAMESPACE | -A] [-o wide|json|yaml|name]
  kube-netsim reach -f PATH... [-o connlist|json] [--by workload|pod] [--ipblock-matches-pods=true|false]
  kube-netsim explain -f PATH... --from SRC --to DST --port N [--protocol P]
  kube-netsim trace -f PATH... --from SRC --to TARGET [--port N] [--protocol P] [-o text|json] [--seed N]

Commands:
  check   Report every problem in the manifests, as path:line:col: severity code: message
  get     List simulated objects like kubectl get (pods, services, endpoints, ...)
  reach   List every connection NetworkPolicy allows (np-guard's connlist format)
  explain Say why NetworkPolicy allows or denies one connection, rule by rule
  trace   Follow one flow (curl, nc, ping, nslookup) hop by hop and say why it ended so
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
  reach: `List every connection NetworkPolicy allows between workloads (or pods) and outside address
ranges, as exact port ranges per protocol, in np-guard netpol-analyzer's format so the two can be
diffed: "ns/name[Kind] => ns/name[Kind] : TCP 8080,UDP 53" or "All Connections". Outside ranges
are split where the policies' ipBlocks begin and end ("0.0.0.0-9.255.255.255[External]"). Pairs
with nothing allowed, and a workload with itself, are not listed.

Usage:
  kube-netsim reach -f PATH... [-o connlist|json] [--by workload|pod] [--ipblock-matches-pods=true|false]

Options:
  -f, --filename PATH              File or directory (recursive); repeatable; "-" reads standard input.
  -o, --output FORMAT              connlist (default), or json: port ranges per protocol (and ICMP),
                                   the deciding rules, and podsDiffer where pods of one workload
                                   are allowed different things (conn is then what every pod may do).
  --by workload|pod                One peer per workload (default; bare pods are their own) or per pod.
  --ipblock-matches-pods=BOOL      true (default): ipBlocks match pod IPs too, as real clusters do.
                                   false: np-guard's view: ipBlocks match only outside addresses, and
                                   simulated system pods (CoreDNS, ingress-nginx) are left out.
`,
  explain: `Explain the NetworkPolicy verdict of one connection: the source pod's egress and the destination
pod's ingress, separately, each naming the policies and rule numbers that decide and their YAML lines.
For a Service, each endpoint is explained after kube-proxy's DNAT (backend labels and targetPort).

Usage:
  kube-netsim explain -f PATH... --from SRC --to DST --port N [--protocol TCP|UDP|SCTP|ICMP] [-n NS] [-o text|json]
  kube-netsim explain -f PATH... SRC DST --port N [...]

Examples:
  kube-netsim explain -f shop.yaml -n shop --from deploy/frontend --to svc/db --port 5432
  kube-netsim explain -f shop.yaml --from external:203.0.113.7 --to shop/web-0 --port 8080

Options:
  -f, --filename PATH   File or directory (recursive); repeatable; "-" reads standard input.
  --from SRC            POD, NS/POD, deploy/NAME (its first pod), node/NAME, external, external:IP, or an IP.
  --to DST              The same forms, or svc/NAME (explained per endpoint), or a ClusterIP.
  --port N              The destination port (the Service port for a Service).
  --protocol P          TCP (default), UDP, SCTP, or ICMP (no port).
  -n, --namespace NS    Namespace for references without one (default: default).
  -o, --output FORMAT   text (default) or json.

Exit code 0 when allowed, 1 when denied (for a Service: when any endpoint denies it), 2 on bad input.
`,
  trace: `Follow one flow through the simulated cluster, hop by hop: the DNS queries down the pod's search
list, kube-proxy's NAT, NetworkPolicy, routing and tunnels, the reply, and the verdict with its reason.

Usage:
  kube-netsim trace -f PATH... --from SRC --to TARGET [--port N] [--protocol TCP|UDP|SCTP|ICMP] [-o text|json] [--seed N]
  kube-netsim trace -f PATH... --from SRC --lookup NAME
  kube-netsim trace -f PATH... --from SRC -- COMMAND
  kube-netsim trace -f PATH... -- kubectl exec [-n NS] POD -- COMMAND

Examples:
  kube-netsim trace -f shop.yaml --from shop/deploy/frontend --to http://backend:8080/api
  kube-netsim trace -f shop.yaml -n shop --from deploy/frontend -- nc -z db 5432
  kube-netsim trace -f shop.yaml --from external --to http://172.16.0.11:30080/
  kube-netsim trace -f shop.yaml -n shop --from deploy/frontend --lookup backend

Options:
  -f, --filename PATH   File or directory (recursive); repeatable; "-" reads standard input.
  --from SRC            Who sends: POD, NS/POD, deploy/NAME (its first pod), node/NAME, external, external:IP.
  --to TARGET           A URL (curl), HOST:PORT, IP:PORT, a host or IP with --port, or svc/NAME.
  --port N              Destination port when TARGET has none.
  --protocol P          TCP (default), UDP, SCTP, or ICMP (ping).
  --lookup NAME         Only the DNS part, as nslookup NAME.
  -n, --namespace NS    Namespace for references without one (default: default).
  -o, --output FORMAT   text (default): phases and numbered hops, then the verdict; json: the Trace.
  --seed N              Seed for every random choice (endpoint pick, source ports); default 1.
  COMMAND               After --: curl, wget, nc, telnet, ping, nslookup, dig, host, getent hosts.

Exit code 0 when the serving pod (or host) got the request, 1 when it did not (dropped, rejected,
NXDOMAIN, no route), 2 on bad input.
`,
};

export const usageHint = "See 'kube-netsim --help' for usage.";
