// The packet after a hop as nested boxes: each encapsulation level is a box holding the packet it
// carries. Changed fields carry a marker and the old value struck through (not colour alone);
// layers the hop added are labelled "new".
import type { Frame, LayerRow, PacketDiff } from './packetDiff.ts';

export function PacketView({ diff }: { readonly diff: PacketDiff }) {
  return (
    <div className="packet" data-testid="inspector-packet">
      {diff.removed.length > 0 && (
        <p className="removed"><span aria-hidden="true">✂ </span>Removed by this hop: {diff.removed.join(', ')}</p>
      )}
      <FrameBox frame={diff.frame} depth={0} />
    </div>
  );
}

function FrameBox({ frame, depth }: { readonly frame: Frame; readonly depth: number }) {
  return (
    <div className={`frame${depth > 0 ? ' inner' : ''}`} data-depth={depth}>
      {frame.inner && <div className="frame-label">{depth === 0 ? 'outer headers' : 'tunnel headers'}</div>}
      {frame.layers.map((l, i) => <LayerBox key={i} layer={l} />)}
      {frame.inner && (
        <>
          <div className="frame-label">inner packet</div>
          <FrameBox frame={frame.inner} depth={depth + 1} />
        </>
      )}
    </div>
  );
}

function LayerBox({ layer }: { readonly layer: LayerRow }) {
  return (
    <section className={`layer${layer.added ? ' added' : ''}`} aria-label={`${layer.title} header${layer.added ? ' (new)' : ''}`}>
      <h4 className="layer-title">{layer.title}{layer.added && <span className="new-badge">new</span>}</h4>
      <dl className="fields">
        {layer.fields.map((f) => (
          <div key={f.name} className={`field${f.changed ? ' changed' : ''}`} data-changed={f.changed || undefined}>
            <dt>{f.changed && <span className="marker" aria-label="changed">●</span>}{f.name}</dt>
            <dd>
              {f.old !== undefined && <><del>{f.old}</del><span aria-hidden="true"> → </span></>}
              <span className="value">{f.value}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
