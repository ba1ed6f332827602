// The scenario in a read-only Monaco, for embeds that show the YAML. Loaded lazily, so an embed
// without the editor never downloads Monaco.
import { useEffect, useRef } from 'react';
import { useSim } from '../../state/store.ts';
import { monaco } from '../editor/monaco.ts';

export function ReadOnlyYaml({ dark }: { readonly dark: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      value: useSim.getState().text, language: 'yaml', readOnly: true, domReadOnly: true,
      ariaLabel: 'Scenario YAML (read-only)', automaticLayout: true, minimap: { enabled: false },
      scrollBeyondLastLine: false, theme: dark ? 'vs-dark' : 'vs', fontSize: 13,
    });
    return () => {
      editor.getModel()?.dispose();
      editor.dispose();
    };
  }, [dark]);
  return <div ref={host} className="embed-yaml" data-testid="embed-yaml" />;
}
