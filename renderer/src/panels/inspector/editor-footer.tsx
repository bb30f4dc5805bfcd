/** Apply and Reset for an inspector form, with a note on what applying does. */
export function EditorFooter({ changed, valid, onReset, note }: { changed: boolean; valid: boolean; onReset: () => void; note?: string | undefined }) {
  return (
    <div className="editor-footer">
      {changed && note ? <p className="form-note">{note}</p> : null}
      <div className="row">
        <button type="submit" className="btn primary" disabled={!changed || !valid} data-testid="inspector-apply">
          Apply
        </button>
        <button type="button" className="btn" disabled={!changed} onClick={onReset}>
          Reset
        </button>
      </div>
    </div>
  );
}
