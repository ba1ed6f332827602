// The hop list: one row per hop of the current trace, always in the DOM.
export function HopList() {
  return <p className="empty">Run a flow to see its hops.</p>;
}
