// The flow bar: compose or pick a flow, run it, and control playback.
export function FlowBar() {
  return <div className="flowbar" data-testid="flowbar" />;
}
