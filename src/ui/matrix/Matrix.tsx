// The reachability matrix.
export function Matrix() {
  return <p className="empty">The reachability matrix comes here.</p>;
}
