// The inspector: the selected graph element or the hop playback is at.
export function Inspector() {
  return <p className="empty">Select a pod, node or Service on the graph, or play a flow, to inspect it here.</p>;
}
